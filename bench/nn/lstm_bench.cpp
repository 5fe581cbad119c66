// LSTM over a window (SPEC §8, the LSTM window model): 2 layers, seq-first input [T=7, B=512,
// I=32], hidden H=64, zero initial state, forward + backward of sum(top-layer outputs), input
// requiring grad. bench/torch_compare.py case "lstm_window" runs torch.nn.LSTM(32, 64, 2).
//
// The engine has no LSTM layer yet, so the cell is composed here from engine ops exactly as
// PyTorch computes it (gate order i, f, g, o; two biases):
//   gates = x_t W_ih^T + b_ih + h W_hh^T + b_hh          [B, 4H]
//   i, f, o = sigmoid(.), g = tanh(.);  c' = f c + i g;  h' = o tanh(c')
// Like PyTorch's CPU path, the input projection of all T steps is one GEMM per layer.
#include <benchmark/benchmark.h>

#include <cmath>

#include "bench/nn/bench_data.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;

namespace {
constexpr std::int64_t kSteps = 7, kBatch = 512, kInput = 32, kHidden = 64, kLayers = 2;

struct LstmWeights {
  Tensor w_ih, w_hh, b_ih, b_hh;  // [4H, in], [4H, H], [4H], [4H]
};

LstmWeights lstm_weights(std::int64_t in, std::uint64_t seed) {
  const float bound = 1.0f / std::sqrt(float(kHidden));  // PyTorch's U(-1/sqrt(H), 1/sqrt(H))
  LstmWeights w{uniform({4 * kHidden, in}, seed, -bound, bound),
                uniform({4 * kHidden, kHidden}, seed + 1, -bound, bound),
                uniform({4 * kHidden}, seed + 2, -bound, bound),
                uniform({4 * kHidden}, seed + 3, -bound, bound)};
  for (Tensor* t : {&w.w_ih, &w.w_hh, &w.b_ih, &w.b_hh}) t->set_requires_grad(true);
  return w;
}

// One layer over the window: x [T * B, in] (step-major rows) -> outputs [T * B, H].
Tensor lstm_layer(const Tensor& x, const LstmWeights& w) {
  const Tensor x_proj = linear(x, w.w_ih, w.b_ih);  // [T * B, 4H], all steps at once
  Tensor h = Tensor::zeros({kBatch, kHidden}), c = Tensor::zeros({kBatch, kHidden});
  std::vector<Tensor> outputs;
  for (std::int64_t t = 0; t < kSteps; ++t) {
    const Tensor gates = add(slice(x_proj, 0, t * kBatch, kBatch), linear(h, w.w_hh, w.b_hh));
    const auto q = split(gates, 1, {kHidden, kHidden, kHidden, kHidden});
    const Tensor i = sigmoid(q[0]), f = sigmoid(q[1]), g = tanh(q[2]), o = sigmoid(q[3]);
    c = add(mul(f, c), mul(i, g));
    h = mul(o, tanh(c));
    outputs.push_back(h);
  }
  return concat(outputs, 0);
}
}  // namespace

static void BM_lstm_window_forward_backward(benchmark::State& state) {
  Tensor x = uniform({kSteps * kBatch, kInput}, 51).set_requires_grad(true);
  std::vector<LstmWeights> layers;
  for (std::int64_t l = 0; l < kLayers; ++l)
    layers.push_back(lstm_weights(l == 0 ? kInput : kHidden, 52 + 10 * l));
  for (auto _ : state) {
    x.zero_grad();
    for (auto& w : layers)
      for (Tensor* t : {&w.w_ih, &w.w_hh, &w.b_ih, &w.b_hh}) t->zero_grad();
    Tensor y = x;
    for (const auto& w : layers) y = lstm_layer(y, w);
    sum_all(y).backward();
    benchmark::DoNotOptimize(layers[0].w_ih.grad().raw());
  }
}
BENCHMARK(BM_lstm_window_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
