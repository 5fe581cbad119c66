// simrec compare: means over seeds, paired deltas and significance tests (results/compare.hpp).
#include <boost/program_options.hpp>
#include <iostream>

#include "app/commands/cli_parse.hpp"
#include "app/commands/command.hpp"
#include "app/commands/run_loading.hpp"
#include "results/compare.hpp"
#include "algorithms/registry.hpp"
#include "results/pool.hpp"
#include "results/traffic_breakdown.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int compare_command(const Args& args) {
  std::vector<std::string> files;
  std::string reference, metrics;
  po::options_description desc(
      "usage: simrec compare RUN.h5 [RUN2.h5 ...] [--reference VARIANT] [--metrics m1,m2] [--pool] [--by-traffic]\n\n"
      "One run: mean ± std over seeds per variant and metric, and each variant's difference from a\n"
      "reference variant, paired by seed, with paired t-test and Wilcoxon p-values and a bootstrap\n"
      "95% CI. --reference BASE naming a grid (BASE[sim.task_correlation=1], ...): each variant against\n"
      "the grid's variant at the same world / data values (the [k=v] keys with a dot); the default\n"
      "reference is the first variant, or its grid when it is a grid point.\n"
      "Several runs of the same scenario: each run against the first, per variant and metric.\n"
      "--pool: several runs (of any scenarios) read as one run whose variants are all of theirs, so a\n"
      "variant of one file is compared with a reference from another, paired by seed. A name in more\n"
      "than one file is merged (its seeds the union) when it is the same variant run for other seeds\n"
      "(same world and options, disjoint seeds; an option a file predates counts as its default in\n"
      "this build), else it gets its file's label (A:name, B:name); the data check says whether each\n"
      "seed's variants saw identical data.\n"
      "--by-traffic: multi-scenario runs (one run, or --pool): each variant's per-scenario AUC against the\n"
      "reference's in decades of the scenarios' training rows, and the slope of the gain on log10(rows)\n"
      "per seed (negative: larger gains on small scenarios), paired by seed.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")
      ("reference", po::value(&reference), "reference variant, or a grid's base name (one run only; default: the "
                                           "first variant of the scenario file, else the first alphabetically)")
      ("metrics", po::value(&metrics), "comma-separated metrics to show (default: all)")
      ("pool", "pool the variants of several run files into one comparison (see above)")
      ("by-traffic", "multi-scenario runs: per-scenario AUC gains by the scenarios' training rows (see above)");
  po::variables_map vm;
  if (auto rc = parse_command("compare", args, desc, &files, -1, vm)) return *rc;
  if (files.empty()) {
    std::cerr << "simrec compare: no run files given\n\n" << desc;
    return 2;
  }
  return with_input_errors("compare", [&] {
    std::vector<results::Run> runs = read_runs(files);
    if (vm.count("pool")) {
      // An option a file predates counts as its default in this build (pool.hpp).
      const results::OptionDefault default_of = [](const std::string& algorithm, const std::string& option) -> std::optional<std::string> {
        const algorithms::AlgorithmInfo* info = algorithms::registry().find(algorithm);
        if (!info) return std::nullopt;
        for (const auto& spec : info->options)
          if (spec.name == option) return spec.default_text;
        return std::nullopt;
      };
      results::PooledRun pooled = results::pool_runs(runs, default_of);
      std::cout << "pooled " << runs.size() << " run files into one comparison\n";
      for (const auto& line : pooled.renamed) std::cout << "  renamed: " << line << "\n";
      for (const auto& line : pooled.merged) std::cout << "  merged: " << line << "\n";
      for (const auto& line : pooled.defaulted) std::cout << "  defaulted: " << line << "\n";
      runs = {std::move(pooled.run)};
    }
    results::CompareOptions o;
    o.reference = reference;
    o.metrics = split_list(metrics);
    const results::Comparison c = results::compare_runs(runs, o);
    // Every check (the breakdown's too) before anything is printed.
    std::string by_traffic;
    if (vm.count("by-traffic")) {
      if (runs.size() != 1)
        throw results::InputError("--by-traffic compares the variants of one run; give one file, or several with --pool");
      if (!c.reference_grid.empty())
        throw results::InputError("--by-traffic needs one reference variant; --reference " + reference +
                                  " names a grid: pick one of its points (" + c.reference_grid.front() + ", ...)");
      by_traffic = results::format_traffic_breakdown(results::traffic_breakdown(runs[0], c.reference_variant, c.variants));
    }
    std::cout << results::format_comparison(c, runs) << by_traffic;
    return 0;
  });
}

}  // namespace simrec::app
