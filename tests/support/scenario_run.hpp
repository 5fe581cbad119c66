#pragma once
// Run a loaded scenario end to end into a fresh temporary directory and read the run file back
// (the directory is removed before returning). For the scenario tests that check what a run
// records; progress goes to stdout so CTest keeps it with the test's output.

#include <cstdint>
#include <filesystem>
#include <string>

#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario.hpp"
#include "support/python_runner.hpp"

namespace simrec::testing {

struct ScenarioRun {
  results::Run run;
  std::int64_t failed_units = 0;
};

inline ScenarioRun run_scenario_in_temp_dir(const scenarios::Scenario& scenario, const std::string& prefix) {
  const std::string dir = make_temp_dir(prefix);
  scenarios::RunOptions options;
  options.out_path = dir + "/run.h5";
  options.progress_out = stdout;
  ScenarioRun out;
  out.failed_units = scenarios::run_scenario(scenario, options).failed_units;
  out.run = results::read_run(options.out_path);
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace simrec::testing
