// Each ad-world knob moves the statistic it claims, against a control run with the knob changed.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <numbers>

#include "ads_test_worlds.hpp"
#include "sim/world/latent.hpp"

using namespace simrec;
using namespace simrec::sim;
using namespace simrec::sim::ads;
using namespace simrec::sim::ads::testing;

TEST_CASE("ads: requests_per_user_day scales the impression volume", "[ads][knobs]") {
  AdWorldConfig c = small_ad_config(1000);
  const double base = double(generate_ad_events(AdWorld(c, 1), nullptr).num_impressions);
  c.requests_per_user_day *= 2;
  const double doubled = double(generate_ad_events(AdWorld(c, 1), nullptr).num_impressions);
  INFO("impressions " << base << " -> " << doubled);
  CHECK(doubled / base == Approx(2.0).epsilon(0.05));
}

TEST_CASE("ads: position_weight makes lower feed positions click less", "[ads][knobs]") {
  const auto first_last_ratio = [](double weight) {
    AdWorldConfig c = small_ad_config(6000);
    c.position_weight = weight;
    c.importance_log_sigma = 0;
    const AdWorld world(c, 6);
    double imp[2] = {0, 0}, clk[2] = {0, 0};
    for (const AdEvent& e : generate_all(world)) {
      if (world.scenarios().context(e.scenario_id).format != AdFormat::Feed) continue;
      if (e.position != 1 && e.position != c.feed_positions) continue;
      imp[e.position != 1] += 1;
      clk[e.position != 1] += e.click;
    }
    return (clk[0] / imp[0]) / (clk[1] / imp[1]);
  };
  const double strong = first_last_ratio(1.0), none = first_last_ratio(0.0);
  INFO("CTR(position 1) / CTR(position 5): weight 1 " << strong << ", weight 0 " << none);
  CHECK(strong > 3.0);  // 5^1 = 5 before the sigmoid
  CHECK(std::fabs(none - 1.0) < 0.25);
}

TEST_CASE("ads: time_of_day_weight makes ads click more near their category's (group-shifted) peak", "[ads][knobs]") {
  const auto peak_ratio = [](double weight) {
    AdWorldConfig c = small_ad_config(5000);
    c.time_of_day_weight = weight;
    c.importance_log_sigma = 0;
    const AdWorld world(c, 12);
    double imp[2] = {0, 0}, clk[2] = {0, 0};
    for (const AdEvent& e : generate_all(world)) {
      const GroupParameters& g = world.click_model().group(world.hidden_group(e.scenario_id));
      const double hour = std::fmod(e.time_seconds, kSecondsPerDay) / kSecondsPerHour;
      const double peak = world.inventory().category_peak_hour[world.inventory().ad_category[e.ad_id]];
      const double cosine = std::cos(2 * std::numbers::pi * (hour - peak - g.time_shift_hours) / 24);
      if (std::fabs(cosine) < 0.5) continue;
      imp[cosine > 0] += 1;
      clk[cosine > 0] += e.click;
    }
    return (clk[1] / imp[1]) / (clk[0] / imp[0]);
  };
  const double strong = peak_ratio(1.5), none = peak_ratio(0.0);
  INFO("CTR near peak / off peak: weight 1.5 " << strong << ", weight 0 " << none);
  CHECK(strong > 3.0);
  CHECK(std::fabs(none - 1.0) < 0.2);
}

TEST_CASE("ads: targeting_sharpness serves ads closer to the user's taste", "[ads][knobs]") {
  const auto mean_affinity = [](double sharpness) {
    AdWorldConfig c = small_ad_config(500);
    c.targeting_sharpness = sharpness;
    const AdWorld world(c, 2);
    std::map<UserId, UserProfile> users;
    double sum = 0, n = 0;
    for (const AdEvent& e : generate_all(world)) {
      auto it = users.find(e.user_id);
      if (it == users.end()) it = users.emplace(e.user_id, world.user(e.user_id)).first;
      sum += dot(it->second.taste_a.data(), world.inventory().latent(e.ad_id), world.inventory().latent_dim);
      n += 1;
    }
    return sum / n;
  };
  const double targeted = mean_affinity(6.0), untargeted = mean_affinity(0.0);
  INFO("mean <u*, a*> of served ads: sharpness 6 " << targeted << ", 0 " << untargeted);
  CHECK(targeted > untargeted + 0.1);
}

TEST_CASE("ads: the calibrated base CTR is the population CTR", "[ads][knobs][ctr]") {
  for (const double median : {0.005, 0.05}) {
    AdWorldConfig c = small_ad_config(4000);
    c.channel_ctr_spread_orders = 0;
    c.scenario_ctr_sd = 0;
    c.num_formats = 3;  // feed (position effects) aside, formats' offsets are +0.5, +0.25, 0
    c.base_ctr_median = median;
    const AdWorld world(c, 30);
    double imp = 0, clk = 0;
    for (const AdEvent& e : generate_all(world))
      if (world.scenarios().context(e.scenario_id).format == AdFormat::Interstitial) imp += 1, clk += e.click;
    const double expected = random::sigmoid(std::log(median / (1 - median)) + kFormatLogitOffset[1]);
    INFO("median " << median << ": interstitial CTR " << clk / imp << " expected " << expected);
    CHECK(clk / imp == Approx(expected).epsilon(0.2));
  }
}
