// Simulator throughput (SPEC §8): impressions generated per second with 1 and 2 OpenMP threads,
// and the memory per video (catalog + attention tables) and per user (transient per-thread state;
// users are regenerated from their streams, never stored).
//
//   simrec_bench_sim                               the default benchmarks (100k videos)
//   SIMREC_BENCH_FULL=1 simrec_bench_sim --benchmark_filter=Full
//                                                  one pass over 1M users x 1M videos x 14 days,
//                                                  streamed to a counting sink, with peak RSS
#include <benchmark/benchmark.h>
#include <omp.h>
#include <sys/resource.h>

#include <cstdlib>
#include <ctime>
#include <memory>

#include "sim/world/generator.hpp"
#include "sim/world/world.hpp"

using namespace simrec::sim;

namespace {

VideoWorldConfig bench_config(std::int64_t users, std::int64_t videos, std::int64_t channels) {
  VideoWorldConfig c;
  c.num_users = users;
  c.num_videos = videos;
  c.num_channels = channels;
  c.num_days = 14;
  return c;
}

const World& world_100k() {
  static const World w(bench_config(1000000, 100000, 10000), 1);
  return w;
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) * 1024.0;
}

// Generates `users` users (a fixed slice) with the given thread count; items = impressions.
void BM_Generate(benchmark::State& state) {
  const World& w = world_100k();
  const int threads = int(state.range(0));
  GenerationOptions opt;
  opt.num_threads = threads;
  opt.num_users = std::uint32_t(state.range(1));
  NullSink sink;
  GenerationSummary s;
  std::uint64_t impressions = 0, events = 0;
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    s = generate_events(w, sink, opt);
    impressions += s.num_impressions;
    events += s.num_events;
  }
  const double cpu_seconds = process_cpu_seconds() - cpu0;
  // Impressions per CPU-second of all threads: the per-core rate, less sensitive than wall time to
  // other load on a shared machine (run with OMP_WAIT_POLICY=passive so idle threads do not spin).
  state.counters["imp_per_cpu_s"] = double(impressions) / cpu_seconds;
  state.SetItemsProcessed(std::int64_t(impressions));
  state.counters["impressions/s"] = benchmark::Counter(double(impressions), benchmark::Counter::kIsRate);
  state.counters["impressions/s/thread"] = benchmark::Counter(double(impressions) / threads, benchmark::Counter::kIsRate);
  state.counters["events/s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["impressions/user"] = double(s.num_impressions) / double(s.num_users);
  state.counters["state_bytes/user"] = double(s.max_user_state_bytes);
  state.counters["buffer_bytes/chunk"] = double(s.max_chunk_events * sizeof(Event));
}
BENCHMARK(BM_Generate)->Args({1, 2000})->Args({2, 2000})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// World construction: catalog + 14 days of attention tables; reports bytes per video.
void BM_BuildWorld(benchmark::State& state) {
  const auto videos = state.range(0);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const World w(bench_config(1000, videos, videos / 10), 1);
    bytes = w.memory_bytes();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes/video"] = double(bytes) / double(videos);
  state.counters["videos/s"] = benchmark::Counter(double(videos) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildWorld)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The scale: 1M users x 1M videos x 14 days, streamed (opt-in: minutes of CPU).
void BM_Full_1Mx1Mx14(benchmark::State& state) {
  std::unique_ptr<World> w;
  GenerationSummary s;
  for (auto _ : state) {
    w = std::make_unique<World>(bench_config(1000000, 1000000, 100000), 1);
    NullSink sink;
    GenerationOptions opt;
    opt.chunk_users = 1024;
    s = generate_events(*w, sink, opt);
  }
  state.counters["impressions"] = double(s.num_impressions);
  state.counters["events"] = double(s.num_events);
  state.counters["impressions/s"] = benchmark::Counter(double(s.num_impressions), benchmark::Counter::kIsRate);
  state.counters["world_bytes/video"] = double(w->memory_bytes()) / 1e6;
  state.counters["peak_rss_MB"] = peak_rss_bytes() / 1e6;
  state.counters["max_chunk_events"] = double(s.max_chunk_events);
  state.counters["threads"] = omp_get_max_threads();
}

const bool full_registered = [] {
  if (std::getenv("SIMREC_BENCH_FULL"))
    benchmark::RegisterBenchmark("BM_Full_1Mx1Mx14", BM_Full_1Mx1Mx14)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
