// GEMM-bound engine work against OpenBLAS's own sgemm at the same thread count (SPEC §8: within
// 80% of the BLAS's rate). Threads: OMP_NUM_THREADS (simrec) = the count given to OpenBLAS here.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "bench/nn/bench_data.hpp"
#include "bench/nn/openblas_gemm.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;
using simrec::bench::openblas_sgemm;

namespace {
constexpr std::int64_t kM = 1024, kN = 512, kK = 512;
// Linear case: x [kRows, kIn] -> kOut.
constexpr std::int64_t kRows = 1024, kIn = 512, kOut = 256;
constexpr double kLinearFlops = 3 * 2.0 * kRows * kIn * kOut;  // forward, dx, dw

benchmark::Counter gflops(double flops_per_iteration) {
  return benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate,
                            benchmark::Counter::kIs1000);
}
}  // namespace

// OpenBLAS sgemm with omp_get_max_threads() threads of its own.
static void BM_openblas_sgemm(benchmark::State& state) {
  const Tensor a = uniform({kM, kK}, 1), b = uniform({kK, kN}, 2);
  Tensor c = Tensor::zeros({kM, kN});
  openblas_set_num_threads(omp_get_max_threads());
  for (auto _ : state) {
    openblas_sgemm(false, false, kM, kN, kK, a, b, c);
    benchmark::DoNotOptimize(c.data<float>());
  }
  openblas_set_num_threads(1);  // simrec's kernels run OpenBLAS single-threaded inside OpenMP
  state.counters["GFLOPS"] = gflops(2.0 * kM * kN * kK);
}
BENCHMARK(BM_openblas_sgemm)->Unit(benchmark::kMillisecond)->UseRealTime();

// simrec matmul, same shapes (deterministic fixed blocks over OpenMP threads).
static void BM_simrec_matmul(benchmark::State& state) {
  const Tensor a = uniform({kM, kK}, 1), b = uniform({kK, kN}, 2);
  NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(matmul(a, b).raw());
  state.counters["GFLOPS"] = gflops(2.0 * kM * kN * kK);
}
BENCHMARK(BM_simrec_matmul)->Unit(benchmark::kMillisecond)->UseRealTime();

// The three GEMMs of a linear layer's forward + backward on OpenBLAS alone (its own threads):
// y = x w^T, dx = dy w, dw = dy^T x — the BLAS rate the engine's linear layer is held to.
static void BM_openblas_linear_gemms(benchmark::State& state) {
  const Tensor x = uniform({kRows, kIn}, 3), w = uniform({kOut, kIn}, 4);
  const Tensor dy = uniform({kRows, kOut}, 6);
  Tensor y = Tensor::zeros({kRows, kOut}), dx = Tensor::zeros({kRows, kIn});
  Tensor dw = Tensor::zeros({kOut, kIn});
  openblas_set_num_threads(omp_get_max_threads());
  for (auto _ : state) {
    openblas_sgemm(false, true, kRows, kOut, kIn, x, w, y);
    openblas_sgemm(false, false, kRows, kIn, kOut, dy, w, dx);
    openblas_sgemm(true, false, kOut, kIn, kRows, dy, x, dw);
    benchmark::DoNotOptimize(dw.data<float>());
  }
  openblas_set_num_threads(1);
  state.counters["GFLOPS"] = gflops(kLinearFlops);
}
BENCHMARK(BM_openblas_linear_gemms)->Unit(benchmark::kMillisecond)->UseRealTime();

// Linear layer forward + backward: x [1024, 512] -> 256 (weight and bias gradients, input grad).
static void BM_linear_forward_backward(benchmark::State& state) {
  Tensor x = uniform({kRows, kIn}, 3).set_requires_grad(true);
  Tensor w = uniform({kOut, kIn}, 4).set_requires_grad(true);
  Tensor b = uniform({kOut}, 5).set_requires_grad(true);
  for (auto _ : state) {
    x.zero_grad();
    w.zero_grad();
    b.zero_grad();
    Tensor y = linear(x, w, b);
    sum_all(y).backward();
    benchmark::DoNotOptimize(w.grad().raw());
  }
  state.counters["GFLOPS"] = gflops(kLinearFlops);
}
BENCHMARK(BM_linear_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
