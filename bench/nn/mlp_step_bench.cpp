// One training step of a small ranking tower (SPEC §8: >= 1.5x PyTorch at the same thread count):
// MLP 512-256-1 with ReLU, batch 1024, BCE-with-logits (mean), Adam (lr 1e-3), zero_grad included.
// bench/torch_compare.py case "mlp_step" is the same step in PyTorch.
#include <benchmark/benchmark.h>

#include "bench/nn/bench_data.hpp"
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
