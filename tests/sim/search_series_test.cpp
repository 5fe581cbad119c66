// Sequence semantics (SPEC §3): the next watch after a search follows the query's topic; series
// episodes are watched in order (asymmetric co-watch); users drift from mainstream to niche genres.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
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

namespace {

// Share of browse watches within `hours` after a user's latest search that fall in that search's
// topic (the search's own result watch is a Search-source watch and not counted).
double browse_share_in_searched_topic(const World& w, double hours, double* counted = nullptr) {
  const Catalog& cat = w.catalog();
  double n = 0, in_topic = 0;
  UserId user = kNone;
  std::uint32_t topic = kNone;
  double since = 0;
  for (const Event& e : generate_all(w)) {
    if (e.user_id != user) {
      user = e.user_id;
      topic = kNone;
    }
    if (e.kind == EventKind::Search) {
      topic = e.truth_topic;
      since = e.time_seconds;
    } else if (e.kind == EventKind::Watch && e.source == WatchSource::Browse && topic != kNone &&
               e.time_seconds - since < hours * 3600.0) {
      n += 1;
      in_topic += cat.video_subgenre[e.video_id] == topic;
    }
  }
  if (counted) *counted = n;
  return in_topic / n;
}

// Share of searches whose topic the user watches outside searches anywhere in the window (feed,
// browse, series): a search driven by the user's taste usually names such a topic.
double search_topic_in_own_watches_share(const World& w) {
  const Catalog& cat = w.catalog();
  const std::vector<Event> events = generate_all(w);
  double searches = 0, familiar = 0;
  std::vector<char> watched(cat.num_subgenres(), 0);
  for (std::size_t begin = 0, end = 0; begin < events.size(); begin = end) {
    for (end = begin; end < events.size() && events[end].user_id == events[begin].user_id; ++end) {}
    std::fill(watched.begin(), watched.end(), 0);
    for (std::size_t i = begin; i < end; ++i)
      if (events[i].kind == EventKind::Watch && events[i].source != WatchSource::Search)
        watched[cat.video_subgenre[events[i].video_id]] = 1;
    for (std::size_t i = begin; i < end; ++i)
      if (events[i].kind == EventKind::Search) {
        searches += 1;
        familiar += watched[events[i].truth_topic];
      }
  }
  return familiar / searches;
}

}  // namespace

TEST_CASE("search intents: later browse choices follow the last searched topic; the intent draws alone change nothing",
          "[world][search]") {
  VideoWorldConfig base = small_config(600, 3000, 5);
  base.search_prob = {0.2, 0.3, 0.3};
  VideoWorldConfig draws_only = base;  // intent candidates in the pool, importance-corrected, no bonus
  draws_only.search_intent_pool_share = 0.5;
  VideoWorldConfig intent = draws_only;
  intent.search_intent_weight = 3.0;
  double n = 0;
  const double off = browse_share_in_searched_topic(World(base, 909), 24.0, &n);
  const double corrected = browse_share_in_searched_topic(World(draws_only, 909), 24.0);
  const double on = browse_share_in_searched_topic(World(intent, 909), 24.0);
  std::printf("browse watches in the last searched topic (24 h, %.0f watches): off %.3f, intent draws only %.3f, intent %.3f\n",
              n, off, corrected, on);
  REQUIRE(n > 1000);
  CHECK(std::abs(corrected - off) < 0.03);  // the proposal's log-Q correction is exact
  CHECK(on > off + 0.15);
}

TEST_CASE("search_new_topic_prob makes searches name topics outside the user's own watching", "[world][search]") {
  VideoWorldConfig base = small_config(600, 3000, 5);
  VideoWorldConfig fresh = base;
  fresh.search_new_topic_prob = 0.5;
  const double off = search_topic_in_own_watches_share(World(base, 313));
  const double on = search_topic_in_own_watches_share(World(fresh, 313));
  std::printf("searches for a topic the user watches outside searches: off %.3f, search_new_topic_prob 0.5 %.3f\n", off, on);
  CHECK(on < off - 0.1);
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
