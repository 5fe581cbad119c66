#pragma once
// The run store's data model (SPEC §5). One HDF5 file per scenario run:
//
//   /                       attributes: simrec_version, git_commit, build_type, build_flags,
//                           compiler, cpu_model, blas_kernels (optional), threads, hostname,
//                           scenario, scale,
//                           command_line, start_time, end_time, exit_status, schema_version
//   /config                 text: the fully resolved scenario
//   /variants/<name>/seed_<s>/
//                           attributes: algorithm, options (resolved, one "k = v" per line),
//                                       status ("ok" or "failed: <why>"), data_hash (hex)
//       metrics/<metric>    float64 scalar
//       curves/<metric>     float64 [n, 2]: (epoch, value)
//       timing/             fit_seconds, predict_seconds, samples_per_second, peak_rss_bytes
//       arrays/<name>       float64, any shape (predictions, per-bucket curves, matrices)
//
// Maps are std::map: iteration (and so file layout and printed tables) is in name order.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace simrec::results {

inline constexpr std::int64_t kSchemaVersion = 1;

struct Curve {
  std::vector<double> x;  // epoch (or step, or day)
  std::vector<double> y;
};

// Curves whose name ends with this suffix have the optimizer step as x instead of the epoch
// (algorithms::TrainingLogger::log_step; the runner checks the two spellings agree).
inline constexpr std::string_view kPerStepCurveSuffix = "_per_step";
inline bool is_per_step_curve(std::string_view name) { return name.ends_with(kPerStepCurveSuffix); }

struct NamedArray {
  std::vector<std::int64_t> dims;
  std::vector<double> values;
};

// Arrays named "per_<item>_<quantity>" (per_title_length, ...) hold one value per evaluated item,
// in a fixed item order shared by the unit's other per_<item>_ arrays: data to condition one
// quantity on another, not a curve, so the report lists them instead of drawing them by index.
inline constexpr std::string_view kPerItemArrayPrefix = "per_";
inline bool is_per_item_array(std::string_view name) { return name.starts_with(kPerItemArrayPrefix); }

struct Timing {
  double fit_seconds = 0;
  double predict_seconds = 0;
  double samples_per_second = 0;
  double peak_rss_bytes = 0;
};

// The outcome of one (variant, seed).
struct UnitResult {
  std::string variant;
  std::int64_t seed = 0;
  std::string algorithm;
  std::string options;  // resolved "key = value" lines
  std::string status = "ok";
  std::string data_hash;
  std::map<std::string, double> metrics;
  std::map<std::string, Curve> curves;
  Timing timing;
  std::map<std::string, NamedArray> arrays;

  bool ok() const { return status == "ok"; }
};

// Provenance of the whole run.
struct RunInfo {
  std::string simrec_version, git_commit, build_type, build_flags, compiler, cpu_model, hostname;
  std::string blas_kernels = "unknown";  // the BLAS kernel set the run used (nn/kernels/blas_info.hpp); "unknown" in older files
  std::int64_t threads = 0;
  std::string scenario, scale, command_line;
  std::string start_time, end_time;  // ISO 8601, UTC
  std::int64_t exit_status = 0;
};

struct Run {
  std::string path;
  RunInfo info;
  std::string config;
  std::vector<UnitResult> units;  // ordered by (variant, seed)
  const UnitResult* find(const std::string& variant, std::int64_t seed) const;
};

}  // namespace simrec::results
