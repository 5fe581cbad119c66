// One training step of a small ranking tower (SPEC §8: >= 1.5x PyTorch at the same thread count):
// MLP 512-256-1 with ReLU, batch 1024, BCE-with-logits (mean), Adam (lr 1e-3), zero_grad included.
// bench/torch_compare.py case "mlp_step" is the same step in PyTorch. BM_openblas_mlp_gemms times
// only the step's five matrix products on OpenBLAS (its own threads): the floor that simrec and
// PyTorch, which call the same library, share.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "bench/nn/bench_data.hpp"
#include "bench/nn/openblas_gemm.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;

namespace {
constexpr std::int64_t kBatch = 1024, kIn = 512, kHidden = 256;
}

static void BM_mlp_step(benchmark::State& state) {
  MLP model({kIn, kHidden, 1});
  model.init(7);
  Adam adam(model.named_parameters(), AdamOptions{});
  const Tensor x = uniform({kBatch, kIn}, 11);
  Tensor y = uniform({kBatch, 1}, 12, 0, 1);
  for (std::int64_t i = 0; i < y.numel(); ++i) y.data<float>()[i] = y.data<float>()[i] < 0.5f;
  for (auto _ : state) {
    adam.zero_grad();
    Tensor loss = bce_with_logits(model(x), y);
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.raw());
  }
}
BENCHMARK(BM_mlp_step)->Unit(benchmark::kMillisecond)->UseRealTime();

// The GEMMs of the step: h = x W1^T, z = h W2^T; dh = dz W2, dW2 = dz^T h, dW1 = dh^T x.
static void BM_openblas_mlp_gemms(benchmark::State& state) {
  const Tensor x = uniform({kBatch, kIn}, 11), w1 = uniform({kHidden, kIn}, 13);
  const Tensor w2 = uniform({1, kHidden}, 14), dz = uniform({kBatch, 1}, 15);
  Tensor h = Tensor::zeros({kBatch, kHidden}), z = Tensor::zeros({kBatch, 1});
  Tensor dh = Tensor::zeros({kBatch, kHidden}), dw2 = Tensor::zeros({1, kHidden});
  Tensor dw1 = Tensor::zeros({kHidden, kIn});
  const auto gemm = simrec::bench::openblas_sgemm;
  openblas_set_num_threads(omp_get_max_threads());
  for (auto _ : state) {
    gemm(false, true, kBatch, kHidden, kIn, x, w1, h);
    gemm(false, true, kBatch, 1, kHidden, h, w2, z);
    gemm(false, false, kBatch, kHidden, 1, dz, w2, dh);
    gemm(true, false, 1, kHidden, kBatch, dz, h, dw2);
    gemm(true, false, kHidden, kIn, kBatch, dh, x, dw1);
    benchmark::DoNotOptimize(dw1.data<float>());
  }
  openblas_set_num_threads(1);  // simrec's kernels run OpenBLAS single-threaded inside OpenMP
}
BENCHMARK(BM_openblas_mlp_gemms)->Unit(benchmark::kMillisecond)->UseRealTime();
