// simrec compare: means over seeds, paired deltas and significance tests (results/compare.hpp).
#include <boost/program_options.hpp>
#include <iostream>

#include "app/commands/command.hpp"
#include "app/commands/run_loading.hpp"
#include "results/compare.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int compare_command(const Args& args) {
  std::vector<std::string> files;
  std::string reference, metrics;
  po::options_description desc(
      "usage: simrec compare RUN.h5 [RUN2.h5 ...] [--reference VARIANT] [--metrics m1,m2]\n\n"
      "One run: mean ± std over seeds per variant and metric, and each variant's difference from a\n"
      "reference variant, paired by seed, with paired t-test and Wilcoxon p-values and a bootstrap\n"
      "95% CI. Several runs of the same scenario: each run against the first, per variant and metric.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")
      ("reference", po::value(&reference), "reference variant (one run only; default: the first variant of the "
                                           "scenario file, else the first alphabetically)")
      ("metrics", po::value(&metrics), "comma-separated metrics to show (default: all)");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec compare: " << e.what() << "\n\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (files.empty()) {
    std::cerr << "simrec compare: no run files given\n\n" << desc;
    return 2;
  }
  return with_input_errors("compare", [&] {
    const std::vector<results::Run> runs = read_runs(files);
    results::CompareOptions o;
    o.reference = reference;
    o.metrics = split_list(metrics);
    const results::Comparison c = results::compare_runs(runs, o);
    std::cout << results::format_comparison(c, runs);
    return 0;
  });
}

}  // namespace simrec::app
