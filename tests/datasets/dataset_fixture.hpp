#pragma once
// A small world and its datasets, shared by the dataset tests (built once per process).

#include "datasets/video_datasets.hpp"
#include "sim/world/generator.hpp"
#include "sim/world/world.hpp"

namespace simrec::datasets::testing {

inline sim::VideoWorldConfig small_world_config() {
  sim::VideoWorldConfig c;
  c.num_users = 300;
  c.num_videos = 2500;
  c.num_channels = 200;
  c.num_days = 8;
  c.abnormal_watch_prob = 0.02;  // enough abnormal logs to see the filter work
  return c;
}

inline DatasetConfig small_data_config() {
  DatasetConfig d;
  d.train_days = 5;
  d.validation_days = 1;
  d.test_days = 2;
  d.retrieval_samples_per_user = 10;
  d.retrieval_test_samples_per_user = 2;
  d.quantile_bins = 100;
  return d;
}

inline const sim::World& small_world() {
  static const sim::World world(small_world_config(), 2024);
  return world;
}

inline const std::vector<sim::Event>& small_world_events() {
  static const std::vector<sim::Event> events = [] {
    sim::VectorSink sink;
    sim::generate_events(small_world(), sink);
    return std::move(sink.events);
  }();
  return events;
}

inline const VideoDatasets& small_datasets() {
  static const VideoDatasets ds = build_video_datasets(small_world(), small_data_config());
  return ds;
}

}  // namespace simrec::datasets::testing
