// simrec: the command-line program. Thin: parses options and dispatches to the libraries.
#include <boost/program_options.hpp>
#include <iostream>

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description opts("simrec options");
  opts.add_options()("help,h", "show this help")("version", "print version and build information");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec: " << e.what() << "\n" << opts;
    return 2;
  }
  if (vm.count("version")) {
    std::cout << "simrec " << SIMREC_VERSION << " (commit " << SIMREC_GIT_COMMIT << ")\n";
    return 0;
  }
  std::cout << "simrec - simulation and benchmarking testbed for recommendation research\n\n"
            << opts;
  return 0;
}
