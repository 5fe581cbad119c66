// Cost of scene-aggregation stage 1 (algorithms/adascene/aggregation) per scenario pair and how it
// scales with the number of scenarios S. Setting: a table of 64k rows, 4 fields of 1000 buckets
// (embedding 8, D = 32) plus channel and format, rows spread uniformly over S scenarios; the probe's
// expert layer H = 16; batch B = 512. One iteration = one stage-1 step of a method: the plain
// probe step (embed, forward, backward, Adam) plus the method's observe() on the batch (every
// method measured on every step: interval 1). Timed: the method's observe() on one fixed batch
// (`*_step`), and the plain probe step alone (`probe_step`, 17 steps minus 1 step of stage 1,
// so set-up is excluded). Counters: K = scenarios present in the batch, pairs_per_step =
// K (K - 1) ordered pairs measured, us_per_pair = observe() time / pairs_per_step.
// The partition is timed separately on a dense n x n affinity (n = 100, 1000), and the end of a
// one-window stage 1 at 1k-20k scenarios (window_flush, partition_knn) below.
#include <benchmark/benchmark.h>

#include <chrono>
#include <map>

#include "algorithms/adascene/aggregation/partition.hpp"
#include "algorithms/adascene/aggregation/stage_one.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene::aggregation;

namespace {
constexpr std::size_t kRows = 64 * 1024, kBatch = 512;

datasets::AdSampleTable synthetic_table(std::uint32_t S) {
  using datasets::AdFieldKind;
  datasets::AdSampleTable t;
  t.field_names = {"f0", "f1", "f2", "f3", "channel", "format"};
  t.field_buckets = {1000, 1000, 1000, 1000, 16, 4};
  t.field_kind = {AdFieldKind::User, AdFieldKind::User, AdFieldKind::Ad, AdFieldKind::Ad, AdFieldKind::Context, AdFieldKind::Context};
  random::Rng rng(1, "bench/scene_aggregation", S);
  for (std::size_t r = 0; r < kRows; ++r) {
    const std::uint32_t s = std::uint32_t(rng.below(S));
    for (int f = 0; f < 4; ++f) t.categorical.push_back(std::uint32_t(rng.below(1000)));
    t.categorical.push_back(s % 16);
    t.categorical.push_back((s / 16) % 4);
    t.click.push_back(rng.uniform() < 0.1 ? 1.f : 0.f);
    t.scenario.push_back(s);
    t.user.push_back(0);
    t.day.push_back(0);
  }
  t.rows = kRows;
  t.validate();
  return t;
}

const datasets::AdSampleTable& table(std::uint32_t S) {
  static std::map<std::uint32_t, datasets::AdSampleTable> cache;
  auto it = cache.find(S);
  if (it == cache.end()) it = cache.emplace(S, synthetic_table(S)).first;
  return it->second;
}

// One batch of B rows (the first of epoch 1's shuffle) on an initialised probe.
struct Fixture {
  AffinityProbe probe;
  ProbeBatch batch;
  explicit Fixture(const datasets::AdSampleTable& t, std::uint32_t S) : probe(t.field_buckets, S, 8, 16) {
    probe.init(3);
    std::vector<std::size_t> order(t.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    random::Rng rng(3, "adascene/aggregation/shuffle", 1);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    probe.embed(t, t.scenario, std::span<const std::size_t>(order.data(), kBatch), batch);
  }
};

// kind < 0: the plain probe step (embed, forward, BCE, backward, Adam) on the batch instead.
void run(benchmark::State& state, int kind) {
  const std::uint32_t S = std::uint32_t(state.range(0));
  const datasets::AdSampleTable& t = table(S);
  Fixture fx(t, S);
  const double K = double(fx.batch.present.size());
  state.counters["K"] = K;
  state.counters["pairs_per_step"] = K * (K - 1);
  if (kind < 0) {
    StageOneOptions o;
    o.batch_size = kBatch;
    o.expert_width = 16;
    o.embedding_dim = 8;
    o.interval = 1000000000;  // observe() returns at once except on step 0 (excluded: max_steps 1 vs 9)
    algorithms::NullLogger log;
    for (auto _ : state) {
      const auto t0 = std::chrono::steady_clock::now();
      o.max_steps = 1;
      run_stage_one(t, t.scenario, S, o, 3, log);
      const auto t1 = std::chrono::steady_clock::now();
      o.max_steps = 17;
      run_stage_one(t, t.scenario, S, o, 3, log);
      const auto t2 = std::chrono::steady_clock::now();
      state.SetIterationTime(std::max(0.0, (std::chrono::duration<double>(t2 - t1) - std::chrono::duration<double>(t1 - t0)).count() / 16));
    }
    return;
  }
  StageOneOptions o;
  o.kind = AffinityKind(kind);
  o.interval = 1;
  double seconds = 0;
  std::int64_t n = 0;
  for (auto _ : state) {
    const std::unique_ptr<AffinityMethod> method = make_affinity_method(S, o);
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(method->observe(fx.probe, fx.batch, 0));
    const double step = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(step);
    seconds += step, ++n;
  }
  state.counters["us_per_pair"] = 1e6 * seconds / double(n) / (K * (K - 1));
}

void probe_step(benchmark::State& s) { run(s, -1); }
void gradient_regulation_step(benchmark::State& s) { run(s, int(AffinityKind::GradientRegulation)); }
void lookahead_step(benchmark::State& s) { run(s, int(AffinityKind::Lookahead)); }
void meta_weights_step(benchmark::State& s) { run(s, int(AffinityKind::MetaWeights)); }

void partition_dense(benchmark::State& state) {
  const std::uint32_t n = std::uint32_t(state.range(0));
  std::vector<double> a(std::size_t(n) * n);
  random::Rng rng(5, "bench/partition", n);
  for (double& v : a) v = rng.uniform();
  for (auto _ : state) {
    const Partition p = partition_graph(affinity_graph(a, n), 16);
    benchmark::DoNotOptimize(p.objective);
  }
}

// The end of stage 1 at large S (lookahead, one window over all of stage 1, the 2000 scenarios
// with the most rows as the head, 64 pairs with the head kept per other scenario): the window's
// mean gradients G (S x P, P = 16 x 101 = 1616 as for the paper world's probe) -> the inner
// products of every scenario with the head by blocks of double GEMM, twice (the centre, then the
// selection) -> a SparseAffinity. Then the head-first partition of its graph into G = 200 groups.
// Counters: pairs = unordered pairs computed, ns_per_pair, edges kept.
constexpr std::size_t kFlushWidth = 1616;
constexpr std::uint32_t kHead = 2000;

GradientWindow random_window(std::uint32_t S) {
  GradientWindow w;
  random::Rng rng(7, "bench/window", S);
  std::vector<float> g(kFlushWidth);
  for (std::uint32_t s = 0; s < S; ++s) {
    for (float& v : g) v = float(rng.uniform() - 0.5);
    w.add(s, 1.0 + double(rng.below(100)), g, 0.5);
  }
  return w;
}

PairLimit head_limit(std::uint32_t S) {
  PairLimit limit;
  if (S > kHead) {
    limit.head.assign(S, false);
    for (std::uint32_t s = 0; s < kHead; ++s) limit.head[s] = true;
  }
  return limit;
}

SparseAffinity streamed_affinity(GradientWindow& w, std::uint32_t S) {
  const auto means = w.take(false);
  const PairLimit limit = head_limit(S);
  return collect_pairs(S, limit, [&](auto&& add) {
    for_each_gram_pair(means, limit.head, [&](std::size_t a, std::size_t b, double dot) {
      add(std::uint32_t(a), std::uint32_t(b), dot, true, dot, true);
    });
  });
}

void window_flush(benchmark::State& state) {
  const std::uint32_t S = std::uint32_t(state.range(0));
  double pairs = 0, seconds = 0, edges = 0;
  for (auto _ : state) {
    state.PauseTiming();
    GradientWindow w = random_window(S);
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    const SparseAffinity a = streamed_affinity(w, S);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    pairs += double(a.measured_pairs);
    edges = double(a.pairs.size());
  }
  state.counters["pairs"] = pairs / double(state.iterations());
  state.counters["ns_per_pair"] = 1e9 * seconds / pairs;
  state.counters["edges"] = edges;
}

// range(1): the partition objective (0 = sum, 1 = ratio).
void partition_head_first(benchmark::State& state) {
  const std::uint32_t S = std::uint32_t(state.range(0));
  const PartitionObjective objective = state.range(1) == 0 ? PartitionObjective::Sum : PartitionObjective::Ratio;
  GradientWindow w = random_window(S);
  const SparseAffinity a = streamed_affinity(w, S);
  std::vector<std::uint32_t> nodes(S);
  for (std::uint32_t s = 0; s < S; ++s) nodes[s] = s;
  for (auto _ : state) {
    const Partition p = partition_graph(affinity_graph(a, nodes), 200, S > kHead ? kHead : 0, objective);
    benchmark::DoNotOptimize(p.objective);
  }
  state.counters["edges"] = double(a.pairs.size());
}

}  // namespace

BENCHMARK(window_flush)->Arg(1000)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(partition_head_first)
    ->ArgsProduct({{1000, 10000, 20000}, {0, 1}})
    ->ArgNames({"S", "ratio"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(probe_step)->Arg(100)->Arg(1000)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(gradient_regulation_step)->Arg(100)->Arg(1000)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(lookahead_step)->Arg(100)->Arg(1000)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(meta_weights_step)->Arg(100)->Arg(1000)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(partition_dense)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);
