#pragma once
// Parallel, streaming generation of the event stream (SPEC §3 randomness; issue: 1M users x 1M
// videos x 14 days without holding the log in memory).
//
// Users are processed in chunks of chunk_users; within a chunk, users are simulated in parallel
// (OpenMP, dynamic schedule), each into its own buffer, then the buffers are handed to the sink in
// user order and dropped. Peak memory is the world (catalog + attention tables) plus one chunk of
// events plus one UserState per thread. Because a user's events depend only on its own streams,
// the stream and its hash are identical for any thread count and any chunk size.

#include <cstdint>
#include <vector>

#include "sim/world/events.hpp"
#include "sim/world/user_simulator.hpp"
#include "sim/world/world.hpp"

namespace simrec::sim {

struct GenerationOptions {
  UserId first_user = 0;
  std::uint32_t num_users = 0;     // 0: every user from first_user on
  std::uint32_t chunk_users = 256;
  int num_threads = 0;             // 0: OpenMP default
};

struct GenerationSummary {
  std::uint64_t event_stream_hash = 0;
  std::uint64_t num_users = 0, num_events = 0, num_watches = 0, num_searches = 0, num_impressions = 0, num_clicks = 0;
  std::uint64_t max_chunk_events = 0;      // largest number of events buffered at once
  std::size_t max_user_state_bytes = 0;    // largest per-thread UserState seen
  UserOutcomeTotals totals;                // true outcomes (online simulation)
};

// Runs `schedule` for the selected users, streaming recorded events to `sink` (may be null).
GenerationSummary run_users(const World& world, const PolicySchedule& schedule, EventSink* sink,
                            const GenerationOptions& options = {});

// The logged window: every day under the LoggingPolicy.
GenerationSummary generate_events(const World& world, EventSink& sink, const GenerationOptions& options = {});

// A sink that only keeps the counts (benchmarks, hashing runs).
class NullSink final : public EventSink {
 public:
  void consume(const UserEventBlock&) override {}
};

// A sink that keeps everything in memory (small worlds, tests).
class VectorSink final : public EventSink {
 public:
  void consume(const UserEventBlock& block) override { events.insert(events.end(), block.events.begin(), block.events.end()); }
  std::vector<Event> events;
};

}  // namespace simrec::sim
