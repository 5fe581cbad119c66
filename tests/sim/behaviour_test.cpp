// Behaviour semantics (SPEC §3): click-bait raises CTR and lowers completion; rho sets the
// correlation of the click and satisfaction drivers; short videos complete more, long ones are
// watched longer; activity groups follow popularity vs taste.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "sim/random/distributions.hpp"
#include "sim/synthetic/mmoe_tasks.hpp"
#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

namespace {
struct FeedStats {
  double ctr = 0, completion = 0;
};
FeedStats feed_stats(const VideoWorldConfig& c, std::uint64_t seed) {
  const World w(c, seed);
  double imps = 0, clicks = 0, completion = 0;
  for (const Event& e : generate_all(w)) {
    if (e.kind != EventKind::Impression) continue;
    imps += 1;
    if (e.click()) {
      clicks += 1;
      completion += std::min(1.0f, e.completion_ratio);
    }
  }
  return {clicks / imps, completion / clicks};
}
}  // namespace

TEST_CASE("raising click-bait raises CTR and lowers completion", "[world][clickbait]") {
  VideoWorldConfig low = small_config(500, 3000, 5), high = low;
  low.clickbait_mean = 0.1;
  high.clickbait_mean = 0.6;
  const FeedStats a = feed_stats(low, 303), b = feed_stats(high, 303);
  std::printf("click-bait mean 0.1 -> 0.6: CTR %.4f -> %.4f, completion %.3f -> %.3f\n", a.ctr, b.ctr, a.completion, b.completion);
  CHECK(b.ctr > 1.3 * a.ctr);
  CHECK(b.completion < a.completion - 0.08);
  // Control: with the two click-bait weights at 0 the knob moves neither statistic.
  low.clickbait_click_weight = high.clickbait_click_weight = 0;
  low.clickbait_watch_penalty = high.clickbait_watch_penalty = 0;
  const FeedStats c = feed_stats(low, 303), d = feed_stats(high, 303);
  CHECK(std::abs(d.ctr / c.ctr - 1.0) < 0.1);
  CHECK(std::abs(d.completion - c.completion) < 0.03);
}

TEST_CASE("higher rho gives higher correlation between click and completion drivers", "[world][rho]") {
  double previous_driver = -2, previous_label = -2;
  for (double rho : {0.0, 0.5, 0.9}) {
    VideoWorldConfig c = small_config(300, 3000, 3);
    c.task_correlation = rho;
    const World w(c, 404);
    // (a) Drivers over random (user, video) pairs: corr(D_click, D_sat) = rho by construction.
    std::vector<float> dc, ds;
    simrec::random::Rng rng(1, "test/pairs", 0);
    for (int i = 0; i < 20000; ++i) {
      const UserProfile u = w.user(std::uint32_t(rng.below(w.num_users())));
      const VideoId v = std::uint32_t(rng.below(w.num_videos()));
      dc.push_back(float(w.behaviour().click_driver(u, v)));
      ds.push_back(float(w.behaviour().satisfaction_driver(u, v)));
    }
    const double driver_corr = pearson_correlation(dc, ds);
    // (b) Labels over logged impressions: click vs the true expected completion given a click.
    std::vector<float> click, expected_completion;
    UserProfile u;
    for (const Event& e : generate_all(w)) {
      if (e.kind != EventKind::Impression) continue;
      if (u.taste_a.empty() || u.id != e.user_id) w.user(e.user_id, u);
      HistoryFeatures h;
      h.channel_watches = e.channel_watches;
      h.video_impressions = e.video_impressions;
      h.hours_since_topic_watch = e.hours_since_topic_watch;
      click.push_back(e.click() ? 1.0f : 0.0f);
      expected_completion.push_back(float(w.behaviour().expected_watch(u, e.video_id, h).completion_ratio));
    }
    const double label_corr = pearson_correlation(click, expected_completion);
    std::printf("rho %.1f: driver correlation %.3f, corr(click, E[completion]) over %zu impressions %.3f\n", rho, driver_corr,
                click.size(), label_corr);
    CHECK(driver_corr == Approx(rho).margin(0.06));
    CHECK(driver_corr > previous_driver + 0.2);
    CHECK(label_corr > previous_label + 0.02);
    previous_driver = driver_corr;
    previous_label = label_corr;
  }
}

TEST_CASE("short videos raise completion while long videos raise watch time", "[world][duration]") {
  const World w(small_config(500, 3000, 5), 505);
  double short_n = 0, short_comp = 0, short_secs = 0, long_n = 0, long_comp = 0, long_secs = 0;
  for (const Event& e : generate_all(w)) {
    if (e.kind != EventKind::Impression || !e.click() || e.abnormal()) continue;
    const double d = w.catalog().video_duration_seconds[e.video_id];
    if (d < 60) {
      short_n += 1;
      short_comp += std::min(1.0f, e.completion_ratio);
      short_secs += e.watch_seconds;
    } else if (d > 300) {
      long_n += 1;
      long_comp += std::min(1.0f, e.completion_ratio);
      long_secs += e.watch_seconds;
    }
  }
  REQUIRE(short_n > 300);
  REQUIRE(long_n > 300);
  std::printf("duration: < 60 s completion %.3f watch %.0f s; > 300 s completion %.3f watch %.0f s\n", short_comp / short_n,
              short_secs / short_n, long_comp / long_n, long_secs / long_n);
  CHECK(short_comp / short_n > long_comp / long_n + 0.1);
  CHECK(long_secs / long_n > 3 * short_secs / short_n);
}

TEST_CASE("New users follow popularity, High users their own taste", "[world][groups]") {
  // Mean taste affinity <u*, v*> and mean log base popularity of organic browse watches per group.
  VideoWorldConfig c = small_config(1500, 3000, 5);
  c.new_user_fraction = 0.4;
  c.high_user_fraction = 0.3;
  const World w(c, 606);
  double affinity[3] = {0, 0, 0}, popularity[3] = {0, 0, 0}, n[3] = {0, 0, 0};
  UserProfile u;
  for (const Event& e : generate_all(w)) {
    if (e.kind != EventKind::Watch || e.source != WatchSource::Browse) continue;
    if (u.taste_a.empty() || u.id != e.user_id) w.user(e.user_id, u);
    const int g = int(u.group);
    affinity[g] += w.behaviour().click_driver(u, e.video_id);
    popularity[g] += w.catalog().video_log_base_popularity[e.video_id];
    n[g] += 1;
  }
  for (int g = 0; g < 3; ++g) {
    REQUIRE(n[g] > 500);
    affinity[g] /= n[g];
    popularity[g] /= n[g];
  }
  std::printf("groups (new, low, high): taste affinity %.3f %.3f %.3f, log base popularity %.2f %.2f %.2f\n", affinity[0], affinity[1],
              affinity[2], popularity[0], popularity[1], popularity[2]);
  CHECK(affinity[2] > affinity[0] + 0.1);
  CHECK(popularity[0] > popularity[2] + 0.2);
}
