#pragma once
// Small run files for the compare / gate / report tests, written with the real RunWriter (no
// simulator needed). A "scenario" of variants x seeds whose metrics are a deterministic function
// of (variant, seed) plus knobs to degrade a variant, fail a unit or change the data.

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "results/store/provenance.hpp"
#include "results/store/run_file.hpp"

namespace simrec::testing {

struct FixtureRun {
  std::string scenario = "yt-depth";
  std::vector<std::string> variants = {"depth0", "depth1", "depth2"};  // scenario-file order
  std::vector<std::int64_t> seeds = {1, 2, 3, 4, 5, 6};
  // metric value shifts per (variant, metric): degrade or improve a variant
  std::map<std::pair<std::string, std::string>, double> shift;
  std::map<std::pair<std::string, std::int64_t>, std::string> failed;  // unit -> status
  std::string data_hash_salt;       // non-empty: this run saw other data
  std::string extra_config;         // appended to the [sim] section
  double fit_seconds_scale = 1.0;
  bool with_arrays = true;
  bool with_seed_metric = false;    // add data_rows: the same for every variant of a seed
};

inline std::string fixture_config(const FixtureRun& f) {
  std::string c = "[sim]\nusers = 1000\nvideos = 500\n" + f.extra_config + "[data]\nsplit = rollback\n";
  for (const auto& v : f.variants) c += "[variant." + v + "]\nalgorithm = youtube_dnn\ndepth = " + v.substr(v.size() - 1) + "\n";
  c += "seeds = 1,2,3,4,5,6\n";
  return c;
}

// Deterministic "noise" in [-1, 1] from (variant, seed).
inline double fixture_noise(const std::string& variant, std::int64_t seed) {
  return std::sin(double(seed) * 1.7 + double(variant.size() + std::uint8_t(variant.back())) * 0.3);
}

inline results::UnitResult fixture_unit(const FixtureRun& f, const std::string& variant, std::int64_t seed) {
  results::UnitResult u;
  u.variant = variant;
  u.seed = seed;
  u.algorithm = "youtube_dnn";
  u.options = "depth = " + variant.substr(variant.size() - 1) + "\n";
  u.data_hash = "hash" + std::to_string(seed) + f.data_hash_salt;
  const double depth = double(variant.back() - '0');
  const double noise = fixture_noise(variant, seed);
  auto value = [&](const std::string& metric, double base) {
    const auto it = f.shift.find({variant, metric});
    return base + (it == f.shift.end() ? 0.0 : it->second);
  };
  u.metrics["auc"] = value("auc", 0.70 + 0.01 * depth + 0.002 * noise);
  u.metrics["recall@10"] = value("recall@10", 0.12 + 0.005 * depth + 0.001 * noise);
  u.metrics["log_loss"] = value("log_loss", 0.45 - 0.01 * depth + 0.003 * noise);
  if (f.with_seed_metric) u.metrics["data_rows"] = value("data_rows", 1000.0 + double(seed));
  for (int e = 1; e <= 8; ++e) {
    u.curves["train_loss"].x.push_back(e);
    u.curves["train_loss"].y.push_back(0.45 - 0.01 * depth + 0.4 / e + 0.004 * noise);
    u.curves["val_auc"].x.push_back(e);
    u.curves["val_auc"].y.push_back(0.70 + 0.01 * depth - 0.1 / e + 0.002 * noise);
  }
  u.timing.fit_seconds = f.fit_seconds_scale * (1.0 + depth) * (1.0 + 0.05 * noise);
  u.timing.predict_seconds = 0.1 * (1.0 + depth);
  u.timing.samples_per_second = 1e5 / (1.0 + depth);
  u.timing.peak_rss_bytes = 1e8 * (1.0 + depth);
  if (f.with_arrays) {
    results::NamedArray share{{10}, {}};
    for (int i = 0; i < 10; ++i) share.values.push_back(std::exp(-0.3 * i) * (1 + 0.1 * depth));
    u.arrays["fresh_share"] = share;
    results::NamedArray calib{{5, 2}, {}};
    for (int i = 0; i < 5; ++i) {
      calib.values.push_back(0.2 * i);
      calib.values.push_back(0.2 * i + 0.02 * depth * noise);
    }
    u.arrays["calibration"] = calib;
    u.arrays["confusion"] = results::NamedArray{{2, 3, 2}, std::vector<double>(12, 1.0)};  // not drawn: 3-D
    u.arrays["per_item_score"] = results::NamedArray{{4}, {0.1, 0.7, 0.4, 0.9}};  // not drawn: one value per item
  }
  if (auto it = f.failed.find({variant, seed}); it != f.failed.end()) {
    u.status = it->second;
    u.metrics.clear();
  }
  return u;
}

// Writes the run to `path` (overwriting) and returns the path.
inline std::string write_fixture_run(const std::string& path, const FixtureRun& f) {
  results::RunWriter w(path, fixture_config(f), true, false);
  for (const auto& v : f.variants)
    for (auto s : f.seeds) w.add_unit(fixture_unit(f, v, s));
  results::RunInfo info = results::build_and_machine_info();
  info.scenario = f.scenario;
  info.scale = "smoke";
  info.command_line = "simrec run " + f.scenario + " --scale smoke";
  info.start_time = "2024-05-01T10:00:00Z";
  info.end_time = "2024-05-01T10:03:20Z";
  return w.finish(info);
}

}  // namespace simrec::testing
