// LSTM over a window (SPEC §8, the LSTM window model): nn::LSTM(32, 64, 2 layers), seq-first
// input [T=7, B=512, C=32] requiring grad, zero initial state, forward + backward of
// sum(outputs of the top layer). bench/torch_compare.py case "lstm_window_forward_backward" runs
// torch.nn.LSTM(32, 64, num_layers=2) the same way.
#include <benchmark/benchmark.h>

#include "bench/nn/bench_data.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;

namespace {
constexpr std::int64_t kSteps = 7, kBatch = 512, kInput = 32, kHidden = 64, kLayers = 2;
}

static void BM_lstm_window_forward_backward(benchmark::State& state) {
  LSTM lstm(kInput, kHidden, kLayers);
  lstm.init(51);
  Tensor x = uniform({kSteps, kBatch, kInput}, 52).set_requires_grad(true);
  for (auto _ : state) {
    x.zero_grad();
    lstm.zero_grad();
    sum_all(lstm(x).output).backward();
    benchmark::DoNotOptimize(lstm.weights()[0].w_ih.grad().raw());
  }
}
BENCHMARK(BM_lstm_window_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
