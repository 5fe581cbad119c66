#pragma once
// Small worlds for the simulator's tests: big enough for the statistics each test checks, small
// enough to generate in well under a second on two cores.

#include "sim/world/config.hpp"
#include "sim/world/generator.hpp"
#include "sim/world/world.hpp"

namespace simrec::sim::testing {

inline VideoWorldConfig small_config(std::int64_t users = 400, std::int64_t videos = 3000, std::int64_t days = 7) {
  VideoWorldConfig c;
  c.num_users = users;
  c.num_videos = videos;
  c.num_days = days;
  c.num_channels = 300;
  return c;
}

inline std::vector<Event> generate_all(const World& world) {
  VectorSink sink;
  generate_events(world, sink);
  return std::move(sink.events);
}

}  // namespace simrec::sim::testing
