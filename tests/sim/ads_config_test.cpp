// The ad world's knob table and validation: defaults valid, names unique, bad values rejected
// naming the knob and its allowed range.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/ads/ad_world.hpp"
#include "sim/ads/config.hpp"

using namespace simrec;
using namespace simrec::sim::ads;
using Catch::Matchers::Contains;

namespace {
std::string error_of(const AdWorldConfig& c) {
  try {
    c.validate();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("ads: default config is valid and every knob has a unique documented name", "[ads][config]") {
  const AdWorldConfig c;
  REQUIRE_NOTHROW(c.validate());
  std::set<std::string> names;
  for (const auto& k : ad_world_knobs()) {
    CHECK(names.insert(std::string(k.name)).second);
    CHECK(!k.help.empty());
    REQUIRE_NOTHROW(config::check_knob_value(k, k.default_value(), "ads"));
  }
  CHECK(names.size() == 34);
  AdWorldConfig d;
  d.set("num_apps", "250");
  d.set("traffic_zipf", "0.75");
  CHECK(d.num_apps == 250);
  CHECK(d.traffic_zipf == 0.75);
  CHECK(d.hash() != c.hash());
}

TEST_CASE("ads: bad configs are rejected naming the knob and its allowed range", "[ads][config]") {
  AdWorldConfig c;
  c.num_formats = 5;
  CHECK_THAT(error_of(c), Contains("ads.num_formats = 5") && Contains("allowed [1, 4]"));
  c = {};
  c.traffic_zipf = -0.5;
  CHECK_THAT(error_of(c), Contains("ads.traffic_zipf = -0.5") && Contains("allowed [0, 4]"));
  c = {};
  c.base_ctr_median = 0;
  CHECK_THAT(error_of(c), Contains("ads.base_ctr_median = 0") && Contains("allowed (0, 0.5]"));
  c = {};
  c.num_channels = 1000;
  c.num_apps = 1000;
  CHECK_THAT(error_of(c), Contains("scenarios is out of range") && Contains("allowed [1, 1000000]"));
  c = {};
  c.num_channels = 1;
  c.num_apps = 1;
  c.num_formats = 2;
  c.num_groups = 3;
  CHECK_THAT(error_of(c), Contains("ads.num_groups = 3") && Contains("number of scenarios = 2"));
  CHECK_THROWS_WITH(AdWorldConfig{}.set("num_slots", "2"), Contains("unknown option ads.num_slots"));
  CHECK_THROWS_WITH(AdWorldConfig{}.set("num_groups", "2.5"), Contains("(integer)"));
  // The world validates on construction, including the shared user model's knobs.
  c = {};
  c.channel_ctr_spread_orders = 9;
  CHECK_THROWS_AS(AdWorld(c, 1), config::ConfigError);
  sim::VideoWorldConfig users;
  users.female_prob = 2;
  CHECK_THROWS_WITH(AdWorld(AdWorldConfig{}, 1, users), Contains("sim.female_prob"));
}
