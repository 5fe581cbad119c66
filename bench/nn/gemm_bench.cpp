// GEMM-bound engine work against OpenBLAS's own sgemm at the same thread count (SPEC §8: within
// 80% of the BLAS's rate). Threads: OMP_NUM_THREADS (simrec) = the count given to OpenBLAS here.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>

#include "nn/nn.hpp"
#include "sim/random/philox.hpp"

using namespace simrec::nn;

namespace {
Tensor uniform(const Shape& s, std::uint64_t seed) {
  Tensor t = Tensor::empty(s, DType::F32);
  float* p = t.data<float>();
  const auto key = simrec::random::stream_key(seed, "bench");
  for (std::int64_t i = 0; i < t.numel(); ++i) p[i] = 2 * simrec::random::uniform_at(key, 0, i) - 1;
  return t;
}
constexpr std::int64_t kM = 1024, kN = 512, kK = 512;
}  // namespace

// OpenBLAS sgemm with omp_get_max_threads() threads of its own.
static void BM_openblas_sgemm(benchmark::State& state) {
  const Tensor a = uniform({kM, kK}, 1), b = uniform({kK, kN}, 2);
  Tensor c = Tensor::zeros({kM, kN});
  openblas_set_num_threads(omp_get_max_threads());
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kM, kN, kK, 1.f, a.data<float>(), kK,
                b.data<float>(), kN, 0.f, c.data<float>(), kN);
    benchmark::DoNotOptimize(c.data<float>());
  }
  openblas_set_num_threads(1);  // simrec's kernels run OpenBLAS single-threaded inside OpenMP
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * kM * kN * kK, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_openblas_sgemm)->Unit(benchmark::kMillisecond)->UseRealTime();

// simrec matmul, same shapes (deterministic fixed blocks over OpenMP threads).
static void BM_simrec_matmul(benchmark::State& state) {
  const Tensor a = uniform({kM, kK}, 1), b = uniform({kK, kN}, 2);
  NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(matmul(a, b).raw());
  state.counters["GFLOPS"] = benchmark::Counter(2.0 * kM * kN * kK, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_simrec_matmul)->Unit(benchmark::kMillisecond)->UseRealTime();

// Linear layer forward + backward: x [1024, 512] -> 256 (weight and bias gradients, input grad).
static void BM_linear_forward_backward(benchmark::State& state) {
  const Tensor x = uniform({1024, 512}, 3).set_requires_grad(true);
  Tensor w = uniform({256, 512}, 4).set_requires_grad(true);
  Tensor b = uniform({256}, 5).set_requires_grad(true);
  for (auto _ : state) {
    w.zero_grad();
    b.zero_grad();
    Tensor y = linear(x, w, b);
    sum_all(y).backward();
    benchmark::DoNotOptimize(w.grad().raw());
  }
}
BENCHMARK(BM_linear_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
