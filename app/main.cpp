// simrec: the command-line program. Thin: parses the subcommand and dispatches to the libraries.
#include <iostream>
#include <map>
#include <string>

#include "app/commands/command.hpp"
#include "simrec_git_commit.hpp"  // generated at build time (cmake/GitCommit.cmake)

namespace {

struct Command {
  const char* summary;
  int (*run)(const simrec::app::Args&);
};

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"demo", {"train the engine demo (an MLP on generated spirals)", simrec::app::demo_command}},
      {"list", {"list algorithms (with options), scenarios, metrics, simulator and data knobs", simrec::app::list_command}},
      {"run", {"run a scenario: every variant x seed into one HDF5 run file", simrec::app::run_command}},
      {"simulate", {"write a scenario's generated datasets to HDF5", simrec::app::simulate_command}},
      {"compare", {"means over seeds, paired deltas and significance tests of runs", simrec::app::compare_command}},
      {"gate", {"regression gate: fail when a candidate run is worse than a baseline", simrec::app::gate_command}},
      {"report", {"self-contained HTML report with plots of one or more runs", simrec::app::report_command}},
  };
  return table;
}

void usage(std::ostream& os) {
  os << "simrec " << SIMREC_VERSION << " - simulation and benchmarking testbed for recommendation research\n\n"
     << "usage: simrec <command> [options]   (simrec <command> --help for its options)\n\ncommands:\n";
  for (const auto& [name, c] : commands()) os << "  " << name << std::string(12 - name.size(), ' ') << c.summary << "\n";
  os << "\n  --version   print version and build information\n  --help      show this help\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    usage(std::cout);
    return 0;
  }
  if (first == "--version") {
    std::cout << "simrec " << SIMREC_VERSION << " (commit " << SIMREC_GIT_COMMIT << ")\n";
    return 0;
  }
  const auto it = commands().find(first);
  if (it == commands().end()) {
    std::cerr << "simrec: unknown command '" << first << "'\n\n";
    usage(std::cerr);
    return 2;
  }
  try {
    return it->second.run(simrec::app::Args(argv + 2, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "simrec " << first << ": " << e.what() << "\n";
    return 1;
  }
}
