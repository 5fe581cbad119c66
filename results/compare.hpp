#pragma once
// `simrec compare`: means over seeds, paired differences and their significance (SPEC §5).
//
// One run: per (variant, metric) the mean ± sample std over the variant's ok seeds; each variant
//   is compared with a reference variant (--reference, else the first variant of the run's
//   order: scenario-file order when /config lists every variant, else alphabetical). When
//   --reference names a grid (single_task for single_task[sim.task_correlation=1], ...), each
//   variant is compared with the grid's variant at the same world / data values; without
//   --reference the same holds for the first variant's grid when it is a grid point.
// Several runs (of the same scenario; their config text may differ and the differing keys are
//   listed): per (variant, metric), each run is compared with the FIRST run.
// A comparison pairs values by seed (common random numbers): only seeds whose units are "ok" on
// both sides and report the metric. d = studied - reference; statistics: paired t-test,
// Wilcoxon signed-rank (exact for <= 25 pairs), percentile bootstrap 95% CI of mean(d), see
// results/stats/; the t-test p-values of one metric's rows are also given adjusted for multiple
// comparisons (Holm), since a table compares many variants at once. Speed: ratio of median fit_seconds with its spread (stats/speed_ratio.hpp).
// Units whose status is not "ok" are listed as failed and left out of every statistic.
// Data check: the same (variant, seed) with different data_hash in two runs, or variants of one
// run whose units of the same seed have different data_hash, give a warning.
//
// Bad input throws InputError (different scenarios, no (variant, seed) in common, unknown
// --reference or --metrics names) before anything is printed.

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "results/config_text.hpp"
#include "results/stats/paired_comparison.hpp"
#include "results/stats/speed_ratio.hpp"
#include "results/store/run_types.hpp"

namespace simrec::results {

struct CompareOptions {
  std::string reference;             // variant name; single-run comparisons only
  std::vector<std::string> metrics;  // empty: every metric the runs report
};

struct MetricSummary {
  std::size_t n_ok = 0;      // ok units reporting the metric
  std::size_t n_failed = 0;  // units of the variant whose status is not ok
  double mean = 0, std = 0;  // std NaN when n_ok < 2
};

// One studied source against its reference, for one metric.
struct DeltaRow {
  std::string metric, variant;
  std::size_t run = 0;        // the studied run (the reference is run 0 when several runs)
  std::vector<std::int64_t> seeds;  // the paired seeds
  stats::PairedComparison stats;
  // The t-test p adjusted by Holm's method over the rows of the same metric (stats/holm.hpp).
  double t_p_holm = std::numeric_limits<double>::quiet_NaN();
};

struct SpeedRow {
  std::string variant;
  std::size_t run = 0;
  std::size_t n_studied = 0, n_reference = 0;
  stats::SpeedRatio ratio;  // studied / reference fit_seconds
};

struct FailedUnit {
  std::size_t run = 0;
  std::string variant;
  std::int64_t seed = 0;
  std::string status;
};

struct Comparison {
  std::string scenario;
  std::vector<std::string> files, labels;  // labels: "A", "B", ... one per run
  bool several_runs = false;
  std::string reference_variant;  // single run
  std::string reference_rule;     // how it was chosen
  // --reference BASE naming a grid (BASE[sim.task_correlation=1], ...): its points, each studied
  // variant's reference at its own grid point (the [k=v] values whose key has a dot: world and
  // data knobs), and the variants with no reference at their point (shown without Δ).
  std::vector<std::string> reference_grid;
  std::map<std::string, std::string> reference_of;
  std::vector<std::string> without_reference;
  std::vector<std::string> variants, metrics;
  // summaries[run][(variant, metric)]
  std::vector<std::map<std::pair<std::string, std::string>, MetricSummary>> summaries;
  // One run: metrics that depend on the data only (e.g. the world's oracle_* references): at
  // least two variants report them and every variant has the same value at each seed. Printed
  // once instead of per variant, without differences.
  std::vector<std::string> shared_metrics;
  std::vector<DeltaRow> deltas;
  std::vector<SpeedRow> speeds;
  std::vector<FailedUnit> failed;
  std::vector<std::vector<ConfigDifference>> config_differences;  // [run k]: k vs run 0 (k >= 1)
  std::vector<std::string> warnings;
  std::string data_check;  // the data_hash check's result in one line, printed even when all match
};

Comparison compare_runs(const std::vector<Run>& runs, const CompareOptions& options);
Comparison compare_runs(const std::vector<const Run*>& runs, const CompareOptions& options);

// One run: the variant `variant` is compared with (its grid point's reference in grid mode), or ""
// when it is a reference itself or has no reference at its grid point.
std::string reference_for(const Comparison& c, const std::string& variant);

// A p-value cell of compare's text tables: "0.012 *" below the significance level.
std::string format_p_cell(double p);

// The aligned text tables printed by `simrec compare`.
std::string format_comparison(const Comparison& c, const std::vector<Run>& runs);

// Throws InputError when two runs are of different scenarios (naming both files).
void check_same_scenario(const Run& a, const Run& b);

// Short run labels: "A", "B", ..., "Z", then "R27", "R28", ...
std::string run_label(std::size_t index);

}  // namespace simrec::results
