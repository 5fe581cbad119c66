// simrec run SCENARIO: runs every (variant, seed) of a scenario into one HDF5 run file and prints
// the comparison table.
#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <set>

#include "app/commands/cli_parse.hpp"
#include "app/commands/command.hpp"
#include "app/commands/run_table.hpp"
#include "results/store/hdf5_io.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/variant_selection.hpp"

namespace po = boost::program_options;

namespace simrec::app {

namespace {

// The table's columns: the scenario's metrics; for multi-task scenarios each family expands to
// its per-task names ("auc:income"), or, when there are many tasks, to its mean and per-group
// aggregates only (the per-task values stay in the run file).
std::vector<std::string> displayed_metrics(const results::Run& run, const scenarios::Scenario& sc) {
  if (sc.task != algorithms::Task::MultiTask) return sc.metrics;
  std::vector<std::string> out;
  for (const auto& family : sc.metrics) {
    std::set<std::string> names;
    for (const auto& u : run.units)
      for (const auto& [name, value] : u.metrics)
        if (name.rfind(family + ":", 0) == 0) names.insert(name);
    std::vector<std::string> picked;
    for (const auto& n : names)
      if (names.size() <= 5 || n.find('.', family.size()) == std::string::npos) picked.push_back(n);
    // mean last
    std::stable_partition(picked.begin(), picked.end(), [&](const std::string& n) { return n != family + ":mean"; });
    out.insert(out.end(), picked.begin(), picked.end());
  }
  return out;
}

}  // namespace

int run_command(const Args& args) {
  std::string scenario_path, scale = "default", out, cache;
  std::vector<std::string> sets, variants;
  int threads = 0;
  po::options_description desc("simrec run SCENARIO.ini [options]");
  desc.add_options()("help,h", "show this help")
      ("set", po::value(&sets)->composing(), "override a scenario key: --set variant.mmoe.experts=8 (repeatable)")
      ("variants", po::value(&variants)->composing(),
       "run only these variants: --variants kto,kton (a base name selects its whole grid; seeds and data stay those "
       "of the whole scenario, so the units equal a full run's)")
      ("scale", po::value(&scale)->default_value(scale), "smoke (seconds), default (minutes), paper (large)")
      ("out,o", po::value(&out), "run file to write (default results/runs/<name>-<scale>.h5)")
      ("force", "overwrite an existing run file")
      ("resume", "finish an interrupted run, skipping its finished units")
      ("cache", po::value(&cache), "directory for the HDF5 dataset cache (keyed by config hash and seed)")
      ("threads", po::value(&threads)->default_value(0), "OpenMP threads (0 = OMP_NUM_THREADS or all cores)");
  std::vector<std::string> positionals;
  po::variables_map vm;
  if (auto rc = parse_command("run", args, desc, &positionals, 1, vm)) return *rc;
  if (!positionals.empty()) scenario_path = positionals[0];
  if (scenario_path.empty()) {
    std::cerr << "simrec run: no scenario file given (e.g. simrec run scenarios/quickstart.ini)\n";
    return 2;
  }
  if (threads < 0) {
    std::cerr << "simrec run: --threads must be >= 0\n";
    return 2;
  }
  if (threads > 0) omp_set_num_threads(threads);
  scenarios::Scenario sc;
  try {
    sc = scenarios::load_scenario(scenario_path, sets, scale);
    if (vm.count("variants")) scenarios::select_variants(sc, variants);
  } catch (const scenarios::ScenarioError& e) {
    std::cerr << "simrec run: " << e.what() << "\n";
    return 2;
  }
  scenarios::RunOptions ro;
  ro.out_path = out;
  ro.force = vm.count("force") > 0;
  ro.resume = vm.count("resume") > 0;
  ro.cache_dir = cache;
  ro.terminal = isatty(STDERR_FILENO) != 0;
  ro.command_line = "simrec run";
  for (const auto& a : args) ro.command_line += " " + a;
  if (!sc.data_missing.empty()) {  // real data not shipped: skip, saying so, writing nothing
    std::cout << "SKIPPED: scenario " << sc.name << ": " << sc.data_missing << "\n";
    return 0;
  }
  std::cout << "scenario " << sc.name << " (" << sc.scale << "): " << sc.variants.size() << " variants x "
            << sc.seeds.size() << " seeds, " << omp_get_max_threads() << " threads" << std::endl;
  scenarios::RunOutcome outcome;
  try {
    outcome = scenarios::run_scenario(sc, ro);
  } catch (const results::StoreError& e) {
    std::cerr << "simrec run: " << e.what() << "\n";
    return 2;
  }
  const results::Run run = results::read_run(outcome.path);
  print_run_table(run, displayed_metrics(run, sc), std::cout);
  std::cout << "run written to " << outcome.path << "\n";
  if (outcome.failed_units > 0) {
    std::cerr << "simrec run: " << outcome.failed_units << " unit(s) failed; see the table above\n";
    return 1;
  }
  return 0;
}

}  // namespace simrec::app
