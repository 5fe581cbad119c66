// Scenario traffic and base CTR: the long tail of traffic over scenarios follows the configured
// Zipf exponent, and channel CTRs span the configured orders of magnitude (with control runs).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ads_test_worlds.hpp"
#include "sim/random/zipf.hpp"

using namespace simrec;
using namespace simrec::sim::ads;
using namespace simrec::sim::ads::testing;

namespace {
double fitted_traffic_exponent(const AdWorldConfig& c, std::size_t last_rank) {
  const AdWorld world(c, 11);
  std::vector<double> counts(world.scenarios().num_scenarios());
  for (const AdEvent& e : generate_all(world)) counts[e.scenario_id] += 1;
  std::sort(counts.rbegin(), counts.rend());
  return random::fit_zipf_exponent(counts, 1, last_rank);
}

// log10 of (pooled CTR of the top quarter of channels by base CTR / that of the bottom quarter),
// and the same ratio of the configured base CTRs.
std::pair<double, double> quartile_ctr_spread(const AdWorldConfig& c) {
  const AdWorld world(c, 5);
  const ScenarioTable& sc = world.scenarios();
  const std::uint32_t C = sc.num_channels();
  std::vector<double> imp(C), clk(C);
  for (const AdEvent& e : generate_all(world)) {
    const std::uint32_t ch = sc.context(e.scenario_id).channel;
    imp[ch] += 1;
    clk[ch] += e.click;
  }
  std::vector<std::uint32_t> order(C);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sc.channel_base_ctr(a) < sc.channel_base_ctr(b); });
  const std::uint32_t q = C / 4;
  double lo_i = 0, lo_c = 0, hi_i = 0, hi_c = 0, lo_b = 0, hi_b = 0;
  for (std::uint32_t i = 0; i < q; ++i) {
    lo_i += imp[order[i]], lo_c += clk[order[i]], lo_b += std::log10(sc.channel_base_ctr(order[i]));
    hi_i += imp[order[C - 1 - i]], hi_c += clk[order[C - 1 - i]], hi_b += std::log10(sc.channel_base_ctr(order[C - 1 - i]));
  }
  return {std::log10((hi_c / hi_i) / (lo_c / lo_i)), (hi_b - lo_b) / q};
}
}  // namespace

TEST_CASE("ads: scenario traffic follows the configured Zipf tail exponent", "[ads][traffic]") {
  for (const double alpha : {1.1, 0.7}) {
    AdWorldConfig c = small_ad_config();
    c.traffic_zipf = alpha;
    const double fitted = fitted_traffic_exponent(c, 50);
    INFO("alpha " << alpha << " fitted " << fitted);
    CHECK(std::fabs(fitted - alpha) < 0.1);
  }
}

TEST_CASE("ads: a 100k-scenario world keeps the tail exponent and puts the head in head channels", "[ads][traffic]") {
  AdWorldConfig c = small_ad_config(3000);
  c.num_channels = 50;
  c.num_apps = 500;
  c.num_formats = 4;
  c.traffic_zipf = 1.2;
  REQUIRE(c.num_scenarios() == 100000);
  const double fitted = fitted_traffic_exponent(c, 100);
  INFO("fitted " << fitted);
  CHECK(std::fabs(fitted - 1.2) < 0.1);
  // The channel carries the traffic rank (traffic_channel_sd): the 10 heaviest channels hold far
  // more of the traffic than when the knob is 0 (where the steep Zipf head alone already gives the
  // channels of the top few scenarios a large share).
  const auto top10_share = [](const AdWorldConfig& cfg) {
    const AdWorld world(cfg, 3);
    std::vector<double> share(world.scenarios().num_channels());
    for (ScenarioId s = 0; s < world.scenarios().num_scenarios(); ++s)
      share[world.scenarios().context(s).channel] += world.scenarios().traffic(s);
    std::sort(share.rbegin(), share.rend());
    return std::accumulate(share.begin(), share.begin() + 10, 0.0);
  };
  AdWorldConfig flat = c;
  flat.traffic_channel_sd = 0;
  const double concentrated = top10_share(c), control = top10_share(flat);
  INFO("top-10 channel share " << concentrated << " control " << control);
  CHECK(concentrated > 0.85);
  CHECK(concentrated > control + 0.25);
}

TEST_CASE("ads: channel CTRs span the configured orders of magnitude", "[ads][ctr]") {
  for (const double orders : {0.0, 1.0, 2.0, 3.0}) {
    AdWorldConfig c = small_ad_config(6000);
    c.channel_ctr_spread_orders = orders;
    const auto [measured, configured] = quartile_ctr_spread(c);
    INFO("spread " << orders << ": measured " << measured << " configured quartile spread " << configured);
    CHECK(std::fabs(measured - configured) < 0.3);
  }
}
