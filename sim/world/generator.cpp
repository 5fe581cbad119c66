#include "sim/world/generator.hpp"

#include <omp.h>

#include <algorithm>
#include <memory>

namespace simrec::sim {

GenerationSummary run_users(const World& world, const PolicySchedule& schedule, EventSink* sink, const GenerationOptions& opt) {
  GenerationSummary sum;
  const std::uint32_t total_users = world.num_users();
  const std::uint32_t first = std::min(opt.first_user, total_users);
  const std::uint32_t count = opt.num_users == 0 ? total_users - first : std::min(opt.num_users, total_users - first);
  const std::uint32_t chunk = std::max<std::uint32_t>(1, opt.chunk_users);
  const int threads = opt.num_threads > 0 ? opt.num_threads : omp_get_max_threads();

  // One simulator per user of a chunk; the chunk advances day by day (see UserSimulator::begin).
  const std::size_t slots = std::min(chunk, std::max<std::uint32_t>(count, 1));
  std::vector<std::unique_ptr<UserSimulator>> sims;
  for (std::size_t i = 0; i < slots; ++i) sims.push_back(std::make_unique<UserSimulator>(world));
  std::vector<std::vector<Event>> buffers(slots);
  std::vector<std::uint64_t> user_hash(slots);
  std::vector<UserOutcomeTotals> user_totals(slots);
  std::vector<std::size_t> state_bytes(slots, 0);

  for (std::uint32_t c0 = 0; c0 < count; c0 += chunk) {
    const std::uint32_t n = std::min(chunk, count - c0);
#pragma omp parallel num_threads(threads)
    {
#pragma omp for schedule(static)
      for (std::int64_t i = 0; i < std::int64_t(n); ++i) {
        buffers[std::size_t(i)].clear();
        user_totals[std::size_t(i)] = UserOutcomeTotals{};
        sims[std::size_t(i)]->begin(first + c0 + std::uint32_t(i), schedule, &buffers[std::size_t(i)], &user_totals[std::size_t(i)]);
      }
      for (std::uint32_t day = 0; day < schedule.day_end; ++day) {
#pragma omp for schedule(dynamic, 1)
        for (std::int64_t i = 0; i < std::int64_t(n); ++i) sims[std::size_t(i)]->simulate_day(day);
      }
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t i = 0; i < std::int64_t(n); ++i) {
        UserSimulator& sim = *sims[std::size_t(i)];
        sim.end();
        std::uint64_t h = 0;
        for (const Event& e : buffers[std::size_t(i)]) h = combine_event_hash(h, e);
        user_hash[std::size_t(i)] = h;
        state_bytes[std::size_t(i)] = std::max(state_bytes[std::size_t(i)], sim.state().memory_bytes());
      }
    }
    // In user order: hash, counts, sink.
    std::uint64_t chunk_events = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const UserId uid = first + c0 + i;
      const std::vector<Event>& buf = buffers[i];
      sum.event_stream_hash = combine_user_hash(sum.event_stream_hash, uid, user_hash[i], buf.size());
      for (const Event& e : buf) {
        sum.num_watches += e.kind == EventKind::Watch;
        sum.num_searches += e.kind == EventKind::Search;
        sum.num_impressions += e.kind == EventKind::Impression;
        sum.num_clicks += e.kind == EventKind::Impression && e.click();
      }
      chunk_events += buf.size();
      sum.totals.add(user_totals[i]);
      if (sink) sink->consume(UserEventBlock{uid, buf});
    }
    sum.num_events += chunk_events;
    sum.max_chunk_events = std::max(sum.max_chunk_events, chunk_events);
  }
  sum.num_users = count;
  for (std::size_t b : state_bytes) sum.max_user_state_bytes = std::max(sum.max_user_state_bytes, b);
  return sum;
}

GenerationSummary generate_events(const World& world, EventSink& sink, const GenerationOptions& options) {
  const LoggingPolicy logging(world);
  PolicySchedule schedule;
  schedule.logging = &logging;
  schedule.day_end = world.num_days();
  return run_users(world, schedule, &sink, options);
}

}  // namespace simrec::sim
