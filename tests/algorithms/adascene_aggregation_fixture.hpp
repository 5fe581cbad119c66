#pragma once
// Hand-built ad tables for the scene-aggregation tests: fields f0, f1 (20 buckets each), channel
// (4), format (4); every row of scenario s carries the channel / format given per scenario. Also
// the small ada_aggregated option sets and the fit helper the tests share.
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include <map>
#include <memory>
#include <string>

#include "algorithms/algorithm.hpp"
#include "datasets/ad_samples.hpp"
#include "support/multiscenario_fixtures.hpp"
#include "sim/random/philox.hpp"

namespace aggregation_fixture {

struct ScenarioSpec {
  std::uint32_t channel = 0, format = 0;
  // Click probability of a row with buckets (f0, f1).
  std::function<double(std::uint32_t, std::uint32_t)> ctr;
  std::size_t rows = 400;
};

inline double bucket_value(std::uint32_t b) { return std::sin(1.7 * double(b) + 0.3) * 2.0; }
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

inline simrec::datasets::AdSampleTable make_table(const std::vector<ScenarioSpec>& specs, std::uint64_t seed) {
  using simrec::datasets::AdFieldKind;
  simrec::datasets::AdSampleTable t;
  t.field_names = {"f0", "f1", "channel", "format"};
  t.field_buckets = {20, 20, 4, 4};
  t.field_kind = {AdFieldKind::User, AdFieldKind::Ad, AdFieldKind::Context, AdFieldKind::Context};
  for (std::uint32_t s = 0; s < specs.size(); ++s) {
    simrec::random::Rng rng(seed, "aggregation_test/rows", s);
    for (std::size_t r = 0; r < specs[s].rows; ++r) {
      const std::uint32_t f0 = std::uint32_t(rng.below(20)), f1 = std::uint32_t(rng.below(20));
      t.categorical.insert(t.categorical.end(), {f0, f1, specs[s].channel, specs[s].format});
      t.click.push_back(rng.uniform() < specs[s].ctr(f0, f1) ? 1.0f : 0.0f);
      t.scenario.push_back(s);
      t.user.push_back(std::uint32_t(r % 50));
      t.day.push_back(0);
      ++t.rows;
    }
  }
  t.validate();
  return t;
}

// Two hidden groups of 4 scenarios: group A's clicks depend on f0, group B's on f1 (own feature
// importances), channels and formats mixed across the groups so that no rule recovers them.
inline simrec::datasets::AdSampleTable two_group_table() {
  std::vector<ScenarioSpec> specs;
  for (std::uint32_t s = 0; s < 8; ++s) {
    ScenarioSpec sp;
    sp.channel = s % 4;
    sp.format = (s / 2) % 4;
    sp.rows = 600;
    if (s < 4)
      sp.ctr = [](std::uint32_t f0, std::uint32_t) { return sigmoid(1.5 * bucket_value(f0) - 0.5); };
    else
      sp.ctr = [](std::uint32_t, std::uint32_t f1) { return sigmoid(1.5 * bucket_value(f1) - 0.5); };
    specs.push_back(sp);
  }
  return make_table(specs, 5);
}
inline int hidden_group(std::uint32_t s) { return s < 4 ? 0 : 1; }

// ada_aggregated options for the small tables: short stage 1 (6 epochs of 512 rows), tiny stage 2.
inline std::map<std::string, std::string> small_options(const std::string& grouping, const std::string& groups) {
  return {{"grouping", grouping},     {"groups", groups},          {"epochs", "1"},           {"batch_size", "256"},
          {"experts", "2"},           {"expert_hidden", "8"},      {"tower_hidden", "8"},     {"patience", "0"},
          {"stage1_epochs", "6"},     {"stage1_batch_size", "512"}, {"affinity_interval", "1"}, {"stage1_learning_rate", "0.01"}};
}

// small_options for `method`, or for the method before "_window" with affinity_window = window.
inline std::map<std::string, std::string> windowed_options(const std::string& method, const std::string& groups, const std::string& window) {
  const std::size_t cut = method.rfind("_window");
  if (cut == std::string::npos || cut + 7 != method.size()) return small_options(method, groups);
  std::map<std::string, std::string> o = small_options(method.substr(0, cut), groups);
  o["affinity_window"] = window;
  return o;
}

inline std::unique_ptr<simrec::algorithms::MultiScenarioAlgorithm> make_aggregated(const std::map<std::string, std::string>& o) {
  return simrec::testing::make_multiscenario("ada_aggregated", o);
}

inline simrec::algorithms::SceneGrouping fit_grouping(simrec::algorithms::MultiScenarioAlgorithm& m, const simrec::datasets::AdSampleTable& t) {
  simrec::algorithms::NullLogger log;
  const simrec::datasets::AdSampleTable empty = t.select({});
  m.fit({t, empty, t.scenario, empty.scenario, 8, 9}, log);
  REQUIRE(m.grouping() != nullptr);
  return *m.grouping();
}

}  // namespace aggregation_fixture
