// The articles' data filters: each removes exactly what it claims -- every removed event violates
// its rule, every kept event satisfies it, and the counts match a brute-force count.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "dataset_fixture.hpp"
#include "datasets/filters.hpp"

using namespace simrec;
using namespace simrec::datasets;
using namespace simrec::datasets::testing;
using sim::Event;
using sim::EventKind;

namespace {
DatasetConfig only(int which) {
  DatasetConfig c = small_data_config();
  c.filter_abnormal_watch = which == 0;
  c.filter_video_duration = which == 1;
  c.filter_min_video_views = which == 2;
  c.filter_min_user_interactions = which == 3;
  return c;
}
// Multiset difference input - kept, by event hash.
std::vector<Event> removed_events(const std::vector<Event>& in, const std::vector<Event>& kept) {
  std::multiset<std::uint64_t> k;
  for (const Event& e : kept) k.insert(sim::event_hash(e));
  std::vector<Event> removed;
  for (const Event& e : in) {
    const auto it = k.find(sim::event_hash(e));
    if (it == k.end()) removed.push_back(e);
    else k.erase(it);
  }
  return removed;
}
}  // namespace

TEST_CASE("abnormal watch-time filter removes exactly the abnormal watch logs", "[datasets][filters]") {
  const auto& events = small_world_events();
  const auto& cat = small_world().catalog();
  const DatasetConfig c = only(0);
  FilterReport report;
  const std::vector<Event> kept = filter_events(events, cat, c, TimeSplit::from_config(c), &report);
  const std::vector<Event> removed = removed_events(events, kept);
  const AbnormalWatchFilter rule{c.max_watch_ratio, c.max_watch_seconds};
  std::size_t injected = 0;
  for (const Event& e : events) injected += e.abnormal();
  REQUIRE(injected > 20);
  for (const Event& e : removed) REQUIRE(rule.removes(e, cat));
  for (const Event& e : kept) REQUIRE(!rule.removes(e, cat));
  // Every injected abnormal log (watch event and its clicked impression) goes, nothing else does.
  for (const Event& e : removed) CHECK(e.abnormal());
  for (const Event& e : kept) CHECK(!e.abnormal());
  CHECK(removed.size() == injected);
  CHECK(report.steps[0].events_removed == removed.size());
  CHECK(report.events_in == events.size());
  CHECK(report.events_out == kept.size());
}

TEST_CASE("duration filter removes every event of too-short or too-long videos and nothing else", "[datasets][filters]") {
  const auto& events = small_world_events();
  const auto& cat = small_world().catalog();
  const DatasetConfig c = only(1);
  const std::vector<Event> kept = filter_events(events, cat, c, TimeSplit::from_config(c));
  const std::vector<Event> removed = removed_events(events, kept);
  std::size_t expected = 0;
  for (const Event& e : events)
    expected += e.video_id != sim::kNone &&
                (cat.video_duration_seconds[e.video_id] < 5.0 || cat.video_duration_seconds[e.video_id] > 3 * 3600.0);
  REQUIRE(expected > 0);
  CHECK(removed.size() == expected);
  for (const Event& e : removed) {
    REQUIRE(e.video_id != sim::kNone);
    const double d = cat.video_duration_seconds[e.video_id];
    CHECK((d < 5.0 || d > 10800.0));
  }
  for (const Event& e : kept)
    if (e.video_id != sim::kNone) CHECK((cat.video_duration_seconds[e.video_id] >= 5.0 && cat.video_duration_seconds[e.video_id] <= 10800.0));
}

TEST_CASE("min-views filter removes every event of videos with < 5 training views", "[datasets][filters]") {
  const auto& events = small_world_events();
  const auto& cat = small_world().catalog();
  const DatasetConfig c = only(2);
  const TimeSplit split = TimeSplit::from_config(c);
  FilterReport report;
  const std::vector<Event> kept = filter_events(events, cat, c, split, &report);
  const std::vector<Event> removed = removed_events(events, kept);
  std::map<sim::VideoId, int> views;  // brute force: training-window watch events
  for (const Event& e : events)
    if (e.kind == EventKind::Watch && split.of_time(e.time_seconds) == Split::Train) ++views[e.video_id];
  std::set<sim::VideoId> removed_videos;
  for (const Event& e : removed) {
    REQUIRE(e.video_id != sim::kNone);
    CHECK(views[e.video_id] < 5);
    removed_videos.insert(e.video_id);
  }
  for (const Event& e : kept)
    if (e.video_id != sim::kNone) CHECK(views[e.video_id] >= 5);
  REQUIRE(!removed.empty());
  CHECK(report.steps[2].videos_removed == removed_videos.size());
  // A video watched only in the test period has 0 training views: it is removed everywhere.
  std::size_t test_only = 0;
  for (const Event& e : removed) test_only += views[e.video_id] == 0;
  CHECK(test_only > 0);
}

TEST_CASE("min-interactions filter removes every event of users with < 5 training watches", "[datasets][filters]") {
  const auto& events = small_world_events();
  const auto& cat = small_world().catalog();
  const DatasetConfig c = only(3);
  const TimeSplit split = TimeSplit::from_config(c);
  FilterReport report;
  const std::vector<Event> kept = filter_events(events, cat, c, split, &report);
  std::map<sim::UserId, int> watches;
  std::set<sim::UserId> users;
  for (const Event& e : events) {
    users.insert(e.user_id);
    if (e.kind == EventKind::Watch && split.of_time(e.time_seconds) == Split::Train) ++watches[e.user_id];
  }
  std::set<sim::UserId> kept_users;
  for (const Event& e : kept) kept_users.insert(e.user_id);
  std::size_t expected_removed_users = 0, expected_removed_events = 0;
  for (sim::UserId u : users) {
    const bool drop = watches[u] < 5;
    expected_removed_users += drop;
    CHECK(kept_users.count(u) == (drop ? 0u : 1u));
  }
  for (const Event& e : events) expected_removed_events += watches[e.user_id] < 5;
  REQUIRE(expected_removed_users > 0);  // New users joining late have few watches
  CHECK(report.steps[3].users_removed == expected_removed_users);
  CHECK(report.steps[3].events_removed == expected_removed_events);
  CHECK(kept.size() + expected_removed_events == events.size());
}

TEST_CASE("the full pipeline applies the filters in order and accounts for every event", "[datasets][filters]") {
  const auto& events = small_world_events();
  const DatasetConfig c = small_data_config();
  FilterReport report;
  const std::vector<Event> kept = filter_events(events, small_world().catalog(), c, TimeSplit::from_config(c), &report);
  std::uint64_t removed = 0;
  for (const auto& s : report.steps) {
    CHECK(s.enabled);
    removed += s.events_removed;
  }
  REQUIRE(report.steps.size() == 4);
  CHECK(report.steps[0].name == "abnormal_watch_time");
  CHECK(report.steps[3].name == "min_user_interactions");
  CHECK(report.events_in == events.size());
  CHECK(report.events_out == kept.size());
  CHECK(removed + kept.size() == events.size());
}
