// Exact top-N serving (SPEC §8): algorithms::dot_product_top_k (blocked matmul_t over OpenMP +
// nn::topk, history exclusion) against a plain OpenBLAS sgemm of the same block followed by
// std::partial_sort per row, same threads (OpenBLAS gets omp_get_max_threads()). Users x videos x
// width from the arguments; the case is 10k users over 1M videos (D = 64 here):
//   SIMREC_BENCH_FULL=1 ./simrec_bench_algorithms --benchmark_filter=Full
// The default cases are smaller so the program finishes in seconds on two cores.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "algorithms/common/dot_product_top_k.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;

namespace {
nn::Tensor uniform(std::int64_t rows, std::int64_t cols, std::uint64_t seed) {
  nn::Tensor t = nn::Tensor::empty({rows, cols});
  const auto key = random::stream_key(seed, "bench/top_k");
  float* p = t.data<float>();
  for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = 2 * random::uniform_at(key, 0, std::uint64_t(i)) - 1;
  return t;
}
constexpr int kTopN = 100;
constexpr std::int64_t kWidth = 64;
}  // namespace

static void BM_simrec_top_k(benchmark::State& state) {
  const std::int64_t users = state.range(0), videos = state.range(1);
  const nn::Tensor u = uniform(users, kWidth, 1), v = uniform(videos, kWidth, 2);
  algorithms::RankedLists out;
  for (auto _ : state) {
    algorithms::dot_product_top_k(
        [&](std::size_t first, std::size_t count) {
          nn::Tensor b = nn::Tensor::empty({std::int64_t(count), kWidth});
          std::copy_n(u.data<float>() + first * kWidth, count * kWidth, b.data<float>());
          return b;
        },
        std::size_t(users), v, nn::Tensor(), kTopN, [](std::size_t) { return std::vector<std::int64_t>{}; }, out);
    benchmark::DoNotOptimize(out.items.data());
  }
  state.counters["users/s"] = benchmark::Counter(double(users), benchmark::Counter::kIsIterationInvariantRate);
}

// The reference: one sgemm per block of users (same block size rule: ~4M scores), then
// std::partial_sort of each row's indices by score.
static void BM_openblas_gemm_partial_sort(benchmark::State& state) {
  const std::int64_t users = state.range(0), videos = state.range(1);
  const nn::Tensor u = uniform(users, kWidth, 1), v = uniform(videos, kWidth, 2);
  const std::int64_t block = std::clamp<std::int64_t>((std::int64_t(4) << 20) / videos, 1, 1024);
  std::vector<float> scores(std::size_t(block * videos));
  std::vector<std::int64_t> items(std::size_t(users * kTopN));
  openblas_set_num_threads(omp_get_max_threads());
  for (auto _ : state) {
    for (std::int64_t first = 0; first < users; first += block) {
      const std::int64_t count = std::min(block, users - first);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(count), int(videos), int(kWidth), 1.f, u.data<float>() + first * kWidth,
                  int(kWidth), v.data<float>(), int(kWidth), 0.f, scores.data(), int(videos));
#pragma omp parallel
      {
        std::vector<std::int64_t> idx(static_cast<std::size_t>(videos));
#pragma omp for schedule(static)
        for (std::int64_t q = 0; q < count; ++q) {
          const float* s = scores.data() + q * videos;
          std::iota(idx.begin(), idx.end(), 0);
          std::partial_sort(idx.begin(), idx.begin() + kTopN, idx.end(), [s](auto a, auto b) { return s[a] > s[b] || (s[a] == s[b] && a < b); });
          std::copy_n(idx.begin(), kTopN, items.begin() + (first + q) * kTopN);
        }
      }
    }
    benchmark::DoNotOptimize(items.data());
  }
  openblas_set_num_threads(1);
  state.counters["users/s"] = benchmark::Counter(double(users), benchmark::Counter::kIsIterationInvariantRate);
}

BENCHMARK(BM_simrec_top_k)->Args({1000, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_openblas_gemm_partial_sort)->Args({1000, 100000})->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_Full_simrec_top_k(benchmark::State& state) { BM_simrec_top_k(state); }
static void BM_Full_openblas_gemm_partial_sort(benchmark::State& state) { BM_openblas_gemm_partial_sort(state); }
static const bool kFull = [] {
  if (std::getenv("SIMREC_BENCH_FULL")) {
    benchmark::RegisterBenchmark("BM_Full_simrec_top_k/10000/1000000", BM_Full_simrec_top_k)->Args({10000, 1000000})->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
    benchmark::RegisterBenchmark("BM_Full_openblas_gemm_partial_sort/10000/1000000", BM_Full_openblas_gemm_partial_sort)
        ->Args({10000, 1000000})->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
  }
  return true;
}();


