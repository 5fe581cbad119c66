#pragma once
// The articles' training-data filters (seed 001), each a named, parameterised rule, applied in
// this order (each sees the output of the previous ones):
//
//   abnormal_watch_time    drop a watch or clicked impression whose recorded watch time exceeds
//                          max_watch_ratio x duration or max_watch_seconds
//   video_duration         drop every event of a video shorter than min_video_seconds or longer
//                          than max_video_seconds (the article: < 5 s or > 3 h)
//   min_video_views        drop every event of a video with fewer than min_video_views watches in
//                          the training window (the article: < 5)
//   min_user_interactions  drop every event of a user with fewer than min_user_interactions
//                          watches in the training window (the article: < 5)
//
// Counts are taken on the training window only, so the test period never decides what training
// keeps. Searches are kept unless their user is dropped. FilterPipeline works on a stream: count()
// every user's block once (pass 1: training views after the per-event rules), then apply() each
// block (pass 2). filter_events() runs both passes over an in-memory, user-ordered log.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "datasets/dataset_config.hpp"
#include "datasets/time_split.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/events.hpp"

namespace simrec::datasets {

struct AbnormalWatchFilter {
  double max_watch_ratio, max_watch_seconds;
  bool removes(const sim::Event& e, const sim::Catalog& cat) const {
    if (e.video_id == sim::kNone || !(e.kind == sim::EventKind::Watch || e.click())) return false;
    return e.watch_seconds > max_watch_ratio * cat.video_duration_seconds[e.video_id] || e.watch_seconds > max_watch_seconds;
  }
};

struct VideoDurationFilter {
  double min_seconds, max_seconds;
  bool removes(const sim::Event& e, const sim::Catalog& cat) const {
    if (e.video_id == sim::kNone) return false;
    const double d = cat.video_duration_seconds[e.video_id];
    return d < min_seconds || d > max_seconds;
  }
};

struct MinVideoViewsFilter {
  std::uint64_t min_views;
  bool removes(const sim::Event& e, std::span<const std::uint32_t> training_views) const {
    return e.video_id != sim::kNone && training_views[e.video_id] < min_views;
  }
};

struct MinUserInteractionsFilter {
  std::uint64_t min_interactions;
  bool removes_user(std::uint64_t training_watches) const { return training_watches < min_interactions; }
};

struct FilterStep {
  std::string name;
  bool enabled = true;
  std::uint64_t events_removed = 0;
  std::uint64_t users_removed = 0;   // min_user_interactions
  std::uint64_t videos_removed = 0;  // min_video_views: videos with events but too few views
};

struct FilterReport {
  std::vector<FilterStep> steps;  // in application order
  std::uint64_t events_in = 0, events_out = 0;
};

class FilterPipeline {
 public:
  FilterPipeline(const sim::Catalog& catalog, const DatasetConfig& config, const TimeSplit& split);

  // Pass 1: one user's events (any order of users, each once).
  void count(std::span<const sim::Event> user_events);
  // Pass 2: appends the kept events of one user to `out` (order preserved) and updates the report.
  void apply(std::span<const sim::Event> user_events, std::vector<sim::Event>& out);

  bool removed_by_event_rules(const sim::Event& e) const;
  std::span<const std::uint32_t> training_views() const { return views_; }
  const FilterReport& report() const;

 private:
  const sim::Catalog* catalog_;
  TimeSplit split_;
  bool abnormal_on_, duration_on_, views_on_, users_on_;
  AbnormalWatchFilter abnormal_;
  VideoDurationFilter duration_;
  MinVideoViewsFilter views_rule_;
  MinUserInteractionsFilter users_rule_;
  std::vector<std::uint32_t> views_;
  std::vector<std::uint8_t> video_reported_;
  std::vector<sim::Event> scratch_;
  mutable FilterReport report_;
};

// Both passes over an in-memory log grouped by user (as a VectorSink collects it).
std::vector<sim::Event> filter_events(std::span<const sim::Event> events, const sim::Catalog& catalog,
                                      const DatasetConfig& config, const TimeSplit& split, FilterReport* report = nullptr);

// Calls f(span of one user's events) for each maximal run of equal user_id.
template <class F>
void for_each_user_block(std::span<const sim::Event> events, F&& f) {
  std::size_t i = 0;
  while (i < events.size()) {
    std::size_t j = i;
    while (j < events.size() && events[j].user_id == events[i].user_id) ++j;
    f(events.subspan(i, j - i));
    i = j;
  }
}

}  // namespace simrec::datasets
