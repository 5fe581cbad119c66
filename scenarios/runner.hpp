#pragma once
// The runner: expands a scenario into (seed x variant) units and runs them into one run file.
//
// For each seed the world and its datasets are generated once and shared by every variant (common
// random numbers: variant A and B with seed s see the same simulated world and the same splits),
// optionally through the HDF5 dataset cache. Each unit: make the algorithm from its options, fit on
// the training view (curves come from the logger), predict on the test rows, score with the
// harness's evaluation, record timing and peak memory, write the unit atomically. A unit whose
// training reports NaN / Inf, or whose algorithm throws, is recorded as failed with the message;
// the other units go on. Finished units of an interrupted run are skipped on --resume.

#include <cstdio>
#include <string>
#include <vector>

#include "results/store/run_types.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

struct RunOptions {
  std::string out_path;
  bool force = false;
  bool resume = false;
  std::string command_line;
  std::string cache_dir;     // dataset cache; empty = no cache
  bool terminal = false;     // progress bar (else plain lines)
  std::FILE* progress_out = stderr;
};

struct RunOutcome {
  std::string path;
  std::int64_t failed_units = 0;
};

RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options);

// Default output path: results/runs/<scenario name>-<scale>.h5 under `root`.
std::string default_run_path(const Scenario& scenario, const std::string& root = "results/runs");

}  // namespace simrec::scenarios
