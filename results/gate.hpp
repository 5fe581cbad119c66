#pragma once
// `simrec gate`: the regression gate for CI (SPEC §5). Passes when a candidate run is not worse
// than a baseline run of the same scenario beyond per-metric tolerances.
//
// For every variant of the baseline and every metric its ok units report:
//   B = mean of the baseline over the common seeds, C = mean of the candidate over the same seeds
//   (common seeds: units "ok" in both runs and reporting the metric)
//   worsening = B - C  when higher is better (metric_direction.hpp; unknown names are treated as
//               higher-is-better and flagged), C - B when lower is better
//   pass  <=>  worsening <= tolerance + 1e-9 * max(1, |B|)
// The 1e-9 relative slack absorbs floating-point noise only: an exact reproduction passes with
// the default tolerance 0 and any real drop fails. A NaN value always fails.
// Tolerances are absolute, per metric: "--tolerance auc=0.002,recall@10=0.005". A key matches the
// exact metric name first, then its family ("recall=0.005" covers recall@10 and recall@50);
// metrics with no key use --default-tolerance (default 0). A key that matches no metric of the
// baseline is bad input (a typo must not silently gate nothing).
// Failures besides worsening: a baseline variant or metric missing from the candidate, no common
// ok seed, a candidate unit that failed where the baseline's unit of that seed was ok.
// Speed (only with --speed-tolerance R): per variant, median candidate fit_seconds / median
// baseline fit_seconds over common ok seeds must be <= R. Skipped otherwise (CI machines are too
// noisy to gate speed by default).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "results/metric_direction.hpp"
#include "results/store/run_types.hpp"

namespace simrec::results {

struct GateOptions {
  std::map<std::string, double> tolerances;  // metric name or family -> absolute tolerance >= 0
  double default_tolerance = 0;
  std::optional<double> speed_tolerance;     // max candidate/baseline fit-time ratio
};

inline constexpr double kGateRelativeSlack = 1e-9;

// "auc=0.002,recall@10=0.005" -> map. Throws InputError quoting the text and the allowed syntax.
std::map<std::string, double> parse_tolerances(const std::string& text);

enum class CheckKind {
  metric,       // mean of a metric over common seeds
  speed,        // median fit_seconds ratio (baseline/candidate are seconds, difference is the ratio)
  unit_status,  // a candidate unit failed where the baseline's was ok (metric = "status")
};

struct GateCheck {
  std::string variant, metric;
  CheckKind kind = CheckKind::metric;
  bool passed = false;
  double baseline = 0, candidate = 0;  // means over the common seeds (medians for speed)
  double difference = 0;               // candidate - baseline (ratio for speed)
  double tolerance = 0;
  std::size_t seeds = 0;
  MetricDirection direction;
  std::string problem;        // why the check failed without values: "metric missing from the candidate"
  std::string problem_short;  // the same for the table: "missing metric"
};

struct GateResult {
  std::string scenario, baseline_path, candidate_path;
  std::vector<GateCheck> checks;
  std::vector<std::string> notes;  // baseline seeds missing from the candidate, failed baseline units...
  std::size_t failures() const;
  bool passed() const { return failures() == 0; }
};

// Throws InputError for runs of different scenarios and tolerance keys no metric matches.
GateResult run_gate(const Run& baseline, const Run& candidate, const GateOptions& options);

// The table of checks, one line per failure naming scenario, variant, metric, values, difference
// and tolerance, and the summary line.
std::string format_gate(const GateResult& result);

}  // namespace simrec::results
