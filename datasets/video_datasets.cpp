#include "datasets/video_datasets.hpp"

#include <algorithm>
#include <stdexcept>

#include "datasets/sample_builders.hpp"
#include "sim/random/philox.hpp"

namespace simrec::datasets {

using sim::Event;
using sim::EventKind;

std::uint64_t VideoDatasets::config_hash() const { return random::mix64(world_config_hash ^ random::mix64(data_config_hash)); }

namespace {

class CountingSink final : public sim::EventSink {
 public:
  CountingSink(FilterPipeline& pipeline, const TimeSplit& split) : pipeline_(pipeline), split_(split) {}
  void consume(const sim::UserEventBlock& block) override {
    pipeline_.count(block.events);
    for (const Event& e : block.events)
      if (e.kind == EventKind::Watch && split_.of_time(e.time_seconds) == Split::Train && !pipeline_.removed_by_event_rules(e))
        t_max = std::max(t_max, e.time_seconds);
  }
  double t_max = 0;

 private:
  FilterPipeline& pipeline_;
  TimeSplit split_;
};

class BuildingSink final : public sim::EventSink {
 public:
  BuildingSink(FilterPipeline& pipeline, SampleBuilder& builder) : pipeline_(pipeline), builder_(builder) {}
  void consume(const sim::UserEventBlock& block) override {
    kept_.clear();
    pipeline_.apply(block.events, kept_);
    if (!kept_.empty()) builder_.add_user(block.user_id, kept_);
  }

 private:
  FilterPipeline& pipeline_;
  SampleBuilder& builder_;
  std::vector<Event> kept_;
};

}  // namespace

VideoDatasets build_video_datasets(const sim::World& world, const DatasetConfig& config, const sim::GenerationOptions& generation) {
  config.validate(world.config().num_days);
  VideoDatasets ds;
  ds.seed = world.seed();
  ds.world_config_hash = world.config_hash();
  ds.data_config_hash = config.hash();
  ds.world_config_text = world.config().to_text();
  ds.data_config_text = config.to_text();
  ds.split = TimeSplit::from_config(config);

  FilterPipeline pipeline(world.catalog(), config, ds.split);
  CountingSink counting(pipeline, ds.split);
  const sim::GenerationSummary pass1 = sim::generate_events(world, counting, generation);
  ds.t_max_seconds = counting.t_max;

  SampleBuilder builder(world, config, ds.split, ds.t_max_seconds);
  BuildingSink building(pipeline, builder);
  const sim::GenerationSummary pass2 = sim::generate_events(world, building, generation);
  if (pass1.event_stream_hash != pass2.event_stream_hash)
    throw std::logic_error("event stream changed between the two dataset passes (non-deterministic generation)");
  ds.event_stream_hash = pass2.event_stream_hash;
  ds.filter_report = pipeline.report();
  builder.finish(ds);
  return ds;
}

}  // namespace simrec::datasets
