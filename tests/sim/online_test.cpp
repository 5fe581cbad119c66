// Online simulation (SPEC §3): a serving policy plugged back into the world; true outcomes are
// measured with the same behaviour model that produced the logs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

#include "sim/world/online.hpp"
#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

namespace {
// Ranks popular candidates of the day by an oracle score (harness-side: it reads the truth).
class OraclePolicy final : public SlatePolicy {
 public:
  enum class Score { Random, ClickProbability, ExpectedWatchSeconds };
  OraclePolicy(const World& w, Score score) : w_(w), score_(score) {}
  void recommend(const SlateRequest& req, simrec::random::Rng& rng, std::vector<SlateItem>& out) const override {
    std::vector<VideoId> candidates;
    for (int i = 0; i < 40; ++i) {
      const VideoId v = w_.attention_tables().sample_popular(req.day, rng);
      if (v != kNone && is_uploaded(w_.catalog(), v, req.time_seconds) &&
          std::find(candidates.begin(), candidates.end(), v) == candidates.end())
        candidates.push_back(v);
    }
    const UserProfile u = w_.user(req.user.id);
    std::vector<std::pair<double, VideoId>> scored;
    for (VideoId v : candidates) {
      double s = 0;
      if (score_ == Score::ClickProbability) {
        s = w_.true_click_probability(u, req.history, v, req.time_seconds, 1);
      } else if (score_ == Score::ExpectedWatchSeconds) {
        s = w_.true_click_probability(u, req.history, v, req.time_seconds, 1) *
            w_.true_watch_expectation(u, req.history, v, req.time_seconds).watch_seconds;
      }
      scored.push_back({s, v});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    out.clear();
    for (std::size_t i = 0; i < scored.size() && out.size() < req.slate_size; ++i) out.push_back({scored[i].second, 1.0f});
  }

 private:
  const World& w_;
  Score score_;
};
}  // namespace

TEST_CASE("serving the logging policy online reproduces the logged events of those days", "[online]") {
  const World w(small_config(120, 2000, 5), 1201);
  VectorSink logged, online;
  generate_events(w, logged);
  const LoggingPolicy logging(w);
  OnlineOptions opt;
  opt.first_day = 2;
  opt.num_days = 2;
  const OnlineMetrics m = simulate_online(w, logging, opt, &online);
  std::vector<Event> expected;
  for (const Event& e : logged.events)
    if (e.day() >= 2 && e.day() < 4) expected.push_back(e);
  REQUIRE(expected.size() == online.events.size());
  REQUIRE(m.impressions > 500);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) mismatches += event_hash(expected[i]) != event_hash(online.events[i]);
  CHECK(mismatches == 0);
  std::uint64_t impressions = 0, clicks = 0;
  for (const Event& e : expected) {
    impressions += e.kind == EventKind::Impression;
    clicks += e.kind == EventKind::Impression && e.click();
  }
  CHECK(m.impressions == impressions);
  CHECK(m.clicks == clicks);
}

TEST_CASE("online A/B: ranking by expected watch time beats ranking by CTR, which promotes click-bait", "[online][clickbait]") {
  const World w(small_config(250, 3000, 4), 1301);
  OnlineOptions opt;
  opt.first_day = 2;
  opt.num_days = 2;
  const OraclePolicy random(w, OraclePolicy::Score::Random), by_ctr(w, OraclePolicy::Score::ClickProbability),
      by_watch(w, OraclePolicy::Score::ExpectedWatchSeconds);
  struct Bait final : EventSink {
    const Catalog* cat;
    double bait = 0, n = 0;
    void consume(const UserEventBlock& b) override {
      for (const Event& e : b.events)
        if (e.kind == EventKind::Impression) {
          bait += cat->video_clickbait[e.video_id];
          n += 1;
        }
    }
  };
  Bait bait_ctr, bait_watch;
  bait_ctr.cat = bait_watch.cat = &w.catalog();
  const OnlineMetrics r = simulate_online(w, random, opt);
  const OnlineMetrics c = simulate_online(w, by_ctr, opt, &bait_ctr);
  const OnlineMetrics t = simulate_online(w, by_watch, opt, &bait_watch);
  std::printf("online: CTR random %.4f / by-CTR %.4f / by-watch %.4f; feed watch s per user %.0f / %.0f / %.0f; shown click-bait %.3f (by-CTR) vs %.3f (by-watch)\n",
              r.ctr, c.ctr, t.ctr, r.feed_watch_seconds_per_user, c.feed_watch_seconds_per_user, t.feed_watch_seconds_per_user,
              bait_ctr.bait / bait_ctr.n, bait_watch.bait / bait_watch.n);
  CHECK(c.ctr > 1.5 * r.ctr);
  CHECK(c.ctr > t.ctr);
  CHECK(bait_ctr.bait / bait_ctr.n > bait_watch.bait / bait_watch.n + 0.03);
  CHECK(t.feed_watch_seconds_per_user > 1.1 * c.feed_watch_seconds_per_user);
  CHECK(t.feed_watch_seconds_per_user > 1.5 * r.feed_watch_seconds_per_user);
  // The click-bait metrics of OnlineMetrics agree with the recorded impressions, and move with the policy.
  CHECK(c.mean_clickbait == Approx(bait_ctr.bait / bait_ctr.n).epsilon(1e-9));
  CHECK(t.mean_clickbait == Approx(bait_watch.bait / bait_watch.n).epsilon(1e-9));
  CHECK(c.clickbait_share > t.clickbait_share + 0.05);
  CHECK(t.watch_seconds_per_impression > c.watch_seconds_per_impression);
  CHECK(c.watch_seconds_per_impression == Approx(c.feed_watch_seconds_per_user * double(c.users) / double(c.impressions)));
}

TEST_CASE("the high click-bait threshold is the catalog's 80th percentile", "[online][clickbait]") {
  const World w(small_config(10, 2000, 3), 7);
  const auto& bait = w.catalog().video_clickbait;
  const double above = double(std::count_if(bait.begin(), bait.end(), [&](float b) { return b > w.high_clickbait_threshold(); }));
  CHECK(above / double(bait.size()) == Approx(0.2).margin(0.001));
}

TEST_CASE("online days outside the window are rejected", "[online]") {
  const World w(small_config(10, 500, 3), 1);
  const LoggingPolicy logging(w);
  OnlineOptions opt;
  opt.first_day = 2;
  opt.num_days = 2;
  CHECK_THROWS_WITH(simulate_online(w, logging, opt), Catch::Matchers::Contains("sim.num_days = 3"));
}
