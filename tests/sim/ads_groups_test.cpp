// Hidden scenario groups: the harness can read them, scenarios of one group behave alike, and
// different groups conflict -- the true click model of one group ranks another group's clicks
// worse than its own (negative transfer), unless the group knobs make all groups equal (control).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "ads_test_worlds.hpp"

using namespace simrec;
using namespace simrec::sim;
using namespace simrec::sim::ads;
using namespace simrec::sim::ads::testing;

namespace {
struct TransferAuc {
  double within = 0, cross = 0;
};

// For the events of each group g: AUC of g's own group terms (the true logit without the scenario
// intercept) against AUC of every other group's terms on the same events; averaged over groups.
TransferAuc transfer_auc(const AdWorldConfig& c) {
  const AdWorld world(c, 21);
  const std::vector<AdEvent> events = generate_all(world);
  const std::uint32_t G = world.click_model().num_groups();
  std::vector<std::vector<const AdEvent*>> by_group(G);
  for (const AdEvent& e : events) by_group[world.hidden_group(e.scenario_id)].push_back(&e);
  std::map<UserId, UserProfile> users;
  TransferAuc out;
  double pairs = 0;
  for (std::uint32_t g = 0; g < G; ++g) {
    std::vector<std::uint8_t> label;
    for (const AdEvent* e : by_group[g]) label.push_back(e->click);
    for (std::uint32_t h = 0; h < G; ++h) {
      std::vector<double> score;
      for (const AdEvent* e : by_group[g]) {
        auto it = users.find(e->user_id);
        if (it == users.end()) it = users.emplace(e->user_id, world.user(e->user_id)).first;
        const double hour = std::fmod(e->time_seconds, kSecondsPerDay) / kSecondsPerHour;
        score.push_back(world.click_model().logit(h, 0.0, it->second.taste_a.data(), e->ad_id, hour, e->position).total());
      }
      const double a = auc(score, label);
      if (h == g) out.within += a / G;
      else out.cross += a, pairs += 1;
    }
  }
  out.cross /= pairs;
  return out;
}
}  // namespace

TEST_CASE("ads: one group's click model transfers worse to other groups than within its group", "[ads][groups]") {
  AdWorldConfig c = small_ad_config(3000);
  c.num_groups = 6;
  const TransferAuc differ = transfer_auc(c);
  INFO("within-group AUC " << differ.within << ", cross-group AUC " << differ.cross);
  CHECK(differ.within > 0.70);
  CHECK(differ.within - differ.cross > 0.08);

  // Control: identical groups (no re-weighting, importances, shifts or category biases).
  c.group_affinity_correlation = 1;
  c.importance_log_sigma = 0;
  c.group_time_shift_hours = 0;
  c.category_bias_sd = 0;
  const TransferAuc same = transfer_auc(c);
  INFO("control: within " << same.within << ", cross " << same.cross);
  CHECK(std::fabs(same.within - same.cross) < 0.005);
}

TEST_CASE("ads: group affinities correlate as group_affinity_correlation says", "[ads][groups]") {
  double previous = -1;
  for (const double rho : {0.0, 0.5, 0.9}) {
    AdWorldConfig c = small_ad_config(400);
    c.num_groups = 12;
    c.group_affinity_correlation = rho;
    const AdWorld world(c, 4);
    const ClickModel& model = world.click_model();
    // Affinity of 400 users x 20 ads in every group; mean pairwise correlation between groups.
    std::vector<std::vector<double>> aff(c.num_groups);
    for (UserId u = 0; u < 400; ++u) {
      const UserProfile p = world.user(u);
      for (AdId a = 0; a < 20; ++a)
        for (std::uint32_t g = 0; g < model.num_groups(); ++g)
          aff[g].push_back(model.group_affinity(g, p.taste_a.data(), world.inventory().latent(a * 97)));
    }
    const auto corr = [](const std::vector<double>& x, const std::vector<double>& y) {
      double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
      for (std::size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
      mx /= double(x.size()), my /= double(y.size());
      for (std::size_t i = 0; i < x.size(); ++i)
        sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx), syy += (y[i] - my) * (y[i] - my);
      return sxy / std::sqrt(sxx * syy);
    };
    double mean = 0, n = 0;
    for (std::size_t g = 0; g < aff.size(); ++g)
      for (std::size_t h = g + 1; h < aff.size(); ++h) mean += corr(aff[g], aff[h]), n += 1;
    mean /= n;
    INFO("rho " << rho << ": mean correlation between groups " << mean);
    CHECK(std::fabs(mean - rho) < 0.2);
    CHECK(mean > previous);
    previous = mean;
  }
}

TEST_CASE("ads: hidden groups follow (channel, format, slot) up to the scenario noise", "[ads][groups]") {
  for (const double noise : {0.0, 0.3}) {
    AdWorldConfig c = small_ad_config(10);
    c.num_groups = 8;
    c.group_scenario_noise = noise;
    const AdWorld world(c, 9);
    const ScenarioTable& sc = world.scenarios();
    // Fraction of scenarios agreeing with their (channel, format, slot) key's majority group.
    std::map<std::uint64_t, std::map<std::uint16_t, int>> votes;
    for (ScenarioId s = 0; s < sc.num_scenarios(); ++s) {
      const ScenarioContext ctx = sc.context(s);
      votes[(std::uint64_t(ctx.channel) * 8 + std::uint32_t(ctx.format)) * 32 + ctx.slot][world.hidden_group(s)] += 1;
    }
    double agree = 0;
    for (const auto& [key, v] : votes) {
      int best = 0;
      for (const auto& [g, n] : v) best = std::max(best, n);
      agree += best;
    }
    agree /= sc.num_scenarios();
    INFO("noise " << noise << ": agreement " << agree);
    CHECK(std::fabs(agree - (1 - noise + noise / 8)) < 0.06);
  }
}
