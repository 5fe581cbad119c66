#include "datasets/filters.hpp"

namespace simrec::datasets {

using sim::Event;
using sim::EventKind;

FilterPipeline::FilterPipeline(const sim::Catalog& catalog, const DatasetConfig& c, const TimeSplit& split)
    : catalog_(&catalog),
      split_(split),
      abnormal_on_(c.filter_abnormal_watch != 0),
      duration_on_(c.filter_video_duration != 0),
      views_on_(c.filter_min_video_views != 0),
      users_on_(c.filter_min_user_interactions != 0),
      abnormal_{c.max_watch_ratio, c.max_watch_seconds},
      duration_{c.min_video_seconds, c.max_video_seconds},
      views_rule_{std::uint64_t(c.min_video_views)},
      users_rule_{std::uint64_t(c.min_user_interactions)},
      views_(catalog.num_videos(), 0),
      video_reported_(catalog.num_videos(), 0) {
  report_.steps = {{"abnormal_watch_time", abnormal_on_},
                   {"video_duration", duration_on_},
                   {"min_video_views", views_on_},
                   {"min_user_interactions", users_on_}};
}

bool FilterPipeline::removed_by_event_rules(const Event& e) const {
  return (abnormal_on_ && abnormal_.removes(e, *catalog_)) || (duration_on_ && duration_.removes(e, *catalog_));
}

void FilterPipeline::count(std::span<const Event> user_events) {
  for (const Event& e : user_events)
    if (e.kind == EventKind::Watch && split_.of_time(e.time_seconds) == Split::Train && !removed_by_event_rules(e))
      ++views_[e.video_id];
}

void FilterPipeline::apply(std::span<const Event> user_events, std::vector<Event>& out) {
  report_.events_in += user_events.size();
  scratch_.clear();
  std::uint64_t training_watches = 0;
  for (const Event& e : user_events) {
    if (abnormal_on_ && abnormal_.removes(e, *catalog_)) {
      ++report_.steps[0].events_removed;
    } else if (duration_on_ && duration_.removes(e, *catalog_)) {
      ++report_.steps[1].events_removed;
    } else if (views_on_ && views_rule_.removes(e, views_)) {
      ++report_.steps[2].events_removed;
      if (!video_reported_[e.video_id]) {
        video_reported_[e.video_id] = 1;
        ++report_.steps[2].videos_removed;
      }
    } else {
      scratch_.push_back(e);
      training_watches += e.kind == EventKind::Watch && split_.of_time(e.time_seconds) == Split::Train;
    }
  }
  if (users_on_ && users_rule_.removes_user(training_watches)) {
    report_.steps[3].events_removed += scratch_.size();
    ++report_.steps[3].users_removed;
    return;
  }
  out.insert(out.end(), scratch_.begin(), scratch_.end());
  report_.events_out += scratch_.size();
}

const FilterReport& FilterPipeline::report() const { return report_; }

std::vector<Event> filter_events(std::span<const Event> events, const sim::Catalog& catalog, const DatasetConfig& config,
                                 const TimeSplit& split, FilterReport* report) {
  FilterPipeline pipeline(catalog, config, split);
  for_each_user_block(events, [&](std::span<const Event> block) { pipeline.count(block); });
  std::vector<Event> out;
  for_each_user_block(events, [&](std::span<const Event> block) { pipeline.apply(block, out); });
  if (report) *report = pipeline.report();
  return out;
}

}  // namespace simrec::datasets
