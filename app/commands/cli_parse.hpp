#pragma once
// Parsing a subcommand's arguments, the same way for every command: the visible options `desc`,
// plus positional arguments collected into `positionals` (at most `max_positionals`; -1 = any).
// Returns nullopt to go on, or the exit code to return now: 0 after --help (the help printed),
// 2 after a parse error (the message and the help on stderr). `desc` must declare "help,h".

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/commands/command.hpp"

namespace simrec::app {

inline std::optional<int> parse_command(const char* command, const Args& args,
                                        const boost::program_options::options_description& desc,
                                        std::vector<std::string>* positionals, int max_positionals,
                                        boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(desc);
  po::options_description hidden;
  po::positional_options_description pos;
  if (positionals) {
    hidden.add_options()("positional-arguments", po::value(positionals));
    all.add(hidden);
    pos.add("positional-arguments", max_positionals);
  }
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec " << command << ": " << e.what() << "\n\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  return std::nullopt;
}

}  // namespace simrec::app
