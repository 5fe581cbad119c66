#pragma once
// Shared fixtures of the AdaScene tests: a small ad world with its sample tables, and a registered
// multi-scenario algorithm built from an option map.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "algorithms/algorithm.hpp"
#include "algorithms/registry.hpp"
#include "datasets/ad_samples.hpp"
#include "sim/ads/ad_world.hpp"

namespace simrec::testing {

struct SmallAdWorld {
  std::int64_t users = 0, days = 0, channels = 0, apps = 0, formats = 0, ads = 0, merchants = 0, categories = 0, groups = 0;
  std::int64_t train_days = 0;  // then one validation and one test day
  std::uint64_t seed = 0;
};

// The world's base CTR is around 8% (higher than the default 2%, so that a few seconds of
// training see enough clicks), with channel CTRs spread over one order of magnitude.
inline datasets::AdSamples small_ad_samples(const SmallAdWorld& w) {
  sim::ads::AdWorldConfig c;
  c.num_users = w.users;
  c.num_days = w.days;
  c.num_channels = w.channels;
  c.num_apps = w.apps;
  c.num_formats = w.formats;
  c.num_ads = w.ads;
  c.num_merchants = w.merchants;
  c.num_categories = w.categories;
  c.num_groups = w.groups;
  c.base_ctr_median = 0.08;
  c.channel_ctr_spread_orders = 1.0;
  const sim::ads::AdWorld world(c, w.seed);
  datasets::AdSampleConfig sc;
  sc.train_days = w.train_days;
  sc.validation_days = 1;
  sc.test_days = 1;
  return datasets::make_ad_samples(world, sc);
}

// The registered algorithm `name` with `options` (validated as a scenario's would be).
inline std::unique_ptr<algorithms::MultiScenarioAlgorithm> make_multiscenario(const std::string& name,
                                                                             const std::map<std::string, std::string>& options) {
  const auto& info = algorithms::registry().get(name);
  auto algo = info.make(algorithms::OptionValues(info.options, options, "test." + name));
  auto* m = dynamic_cast<algorithms::MultiScenarioAlgorithm*>(algo.get());
  REQUIRE(m != nullptr);
  algo.release();
  return std::unique_ptr<algorithms::MultiScenarioAlgorithm>(m);
}

}  // namespace simrec::testing
