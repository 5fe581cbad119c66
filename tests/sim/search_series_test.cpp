// Sequence semantics (SPEC §3): the next watch after a search follows the query's topic; series
// episodes are watched in order (asymmetric co-watch); users drift from mainstream to niche genres.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>

#include "test_worlds.hpp"

using namespace simrec::sim;
using namespace simrec::sim::testing;

TEST_CASE("the next watch after a search matches the query's topic far above the base rate", "[world][search]") {
  const World w(small_config(600, 3000, 5), 909);
  const std::vector<Event> events = generate_all(w);
  const Catalog& cat = w.catalog();
  std::vector<double> topic_watches(cat.num_subgenres(), 0.0);
  double watches = 0, searches = 0, matches = 0, token_topic_agrees = 0, base = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.kind == EventKind::Watch) {
      topic_watches[cat.video_subgenre[e.video_id]] += 1;
      watches += 1;
    }
    if (e.kind != EventKind::Search) continue;
    // The query's topic as an observer can read it: the topic of its first topic word.
    const std::uint32_t topic = cat.tokens.topic_of(e.tokens[0]);
    token_topic_agrees += topic == e.truth_topic;
    for (std::size_t j = i + 1; j < events.size() && events[j].user_id == e.user_id; ++j) {
      if (events[j].kind != EventKind::Watch) continue;
      searches += 1;
      matches += cat.video_subgenre[events[j].video_id] == topic;
      break;
    }
  }
  for (double n : topic_watches) base += (n / watches) * (n / watches);  // P(random watch shares a random watch's topic)
  REQUIRE(searches > 200);
  std::printf("search: next watch in the query's topic %.3f (over %.0f searches), base rate %.4f\n", matches / searches, searches, base);
  CHECK(token_topic_agrees == searches);
  CHECK(matches / searches > 0.9);
  CHECK(matches / searches > 10 * base);
}

TEST_CASE("series are watched in order: co-watch is asymmetric", "[world][series]") {
  const World w(small_config(600, 3000, 5), 1001);
  const Catalog& cat = w.catalog();
  std::vector<VideoId> previous_episode(cat.num_videos(), kNone);
  for (VideoId v = 0; v < cat.num_videos(); ++v)
    if (cat.video_next_in_series[v] != kNone) previous_episode[cat.video_next_in_series[v]] = v;
  double forward = 0, backward = 0;
  VideoId last = kNone;
  UserId last_user = kNone;
  for (const Event& e : generate_all(w)) {
    if (e.kind != EventKind::Watch) continue;
    if (e.user_id == last_user && last != kNone) {
      forward += cat.video_next_in_series[last] == e.video_id;
      backward += previous_episode[last] == e.video_id;
    }
    last = e.video_id;
    last_user = e.user_id;
  }
  std::printf("series: consecutive watches k -> k+1: %.0f, k -> k-1: %.0f\n", forward, backward);
  CHECK(forward > 500);
  CHECK(forward > 10 * backward);
}

TEST_CASE("users drift from mainstream toward niche genres", "[world][drift]") {
  // New users start with no experience: the mainstream-ness of their browse watches falls over
  // their first watches. Without the drift (drift_strength 0) it does not fall (it rises a little:
  // the re-watch penalty exhausts the smaller niche genres first).
  const auto drift = [](double strength) {
    VideoWorldConfig c = small_config(1500, 3000, 10);
    c.new_user_fraction = 1.0;
    c.high_user_fraction = 0.0;
    c.sessions_per_day = {3.0, 3.0, 3.0};
    c.drift_strength = strength;
    const World w(c, 1102);
    double early = 0, early_n = 0, late = 0, late_n = 0;
    std::map<UserId, int> count;
    for (const Event& e : generate_all(w)) {
      if (e.kind != EventKind::Watch) continue;
      const int k = count[e.user_id]++;
      if (e.source != WatchSource::Browse) continue;
      const double m = w.catalog().genre_mainstream[w.catalog().video_genre[e.video_id]];
      if (k < 10) {
        early += m;
        early_n += 1;
      } else if (k >= 60) {
        late += m;
        late_n += 1;
      }
    }
    return std::pair{early / early_n, late / late_n};
  };
  const auto [early, late] = drift(0.8);
  const auto [early0, late0] = drift(0.0);
  std::printf("drift: mainstream-ness of browse watches, first 10 %.3f -> after 60 %.3f (no drift: %.3f -> %.3f)\n", early, late, early0,
              late0);
  CHECK(early - late > 0.3);
  CHECK(early0 - late0 < 0.05);
  CHECK((early - late) - (early0 - late0) > 0.5);
}
