#pragma once
// Multi-layer LSTM, seq-first, PyTorch's formulation and parameter layout (weights copy over from
// torch.nn.LSTM one to one). Shape letters: T time steps, B batch, C input width, H hidden width.
//
// Layer k (input x_t: the sequence for k = 0, layer k-1's outputs h_t otherwise), per step t,
// with gates stacked in the order i, f, g, o along the 4H axis:
//   z = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh              [B, 4H]
//   i = sigmoid(z[0:H])  f = sigmoid(z[H:2H])  g = tanh(z[2H:3H])  o = sigmoid(z[3H:4H])
//   c_t = f * c_{t-1} + i * g        h_t = o * tanh(c_t)
// Parameters per layer k, registered in torch's order: weight_ih_l{k} [4H, C_k],
// weight_hh_l{k} [4H, H], bias_ih_l{k} [4H], bias_hh_l{k} [4H] (C_0 = C, C_k = H), all
// initialised U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch. No dropout between layers, no projection,
// unidirectional.
//
// forward(x [T, B, C], initial) -> output [T, B, H] (the last layer's h_t for every t) and the
// final (h_T, c_T) of every layer, each [B, H]. An empty initial state means zeros.
// The input projection W_ih x_t + b_ih is computed for all T steps in one matrix product; the
// recurrence runs as one fused op per layer (nn/ops/lstm_recurrence.hpp: the lstm_cell kernels and
// one GEMM per step, backpropagation through time in its backward rule). output and the final
// states are views of that op's result (no copies); they share its storage.
// lstm_forward is the same computation with explicit weights (the functional form, as
// torch's _VF.lstm): for look-ahead / meta-gradient steps on modified weights and for tests.

#include <cstdint>
#include <vector>

#include "nn/module.hpp"

namespace simrec::nn {

struct LSTMState {
  std::vector<Tensor> h;  // per layer [B, H]
  std::vector<Tensor> c;  // per layer [B, H]
};

struct LSTMOutput {
  Tensor output;  // [T, B, H]
  LSTMState final;
};

struct LSTMWeights {
  Tensor w_ih, w_hh, b_ih, b_hh;  // [4H, C_k], [4H, H], [4H], [4H]; biases may be undefined
};

LSTMOutput lstm_forward(const Tensor& x, const std::vector<LSTMWeights>& layers,
                        const LSTMState& initial = {});

class LSTM : public Module {
 public:
  LSTM(std::int64_t input_size, std::int64_t hidden_size, std::int64_t num_layers = 1,
       bool bias = true);

  LSTMOutput forward(const Tensor& x, const LSTMState& initial = {}) const;
  LSTMOutput operator()(const Tensor& x, const LSTMState& initial = {}) const {
    return forward(x, initial);
  }

  std::int64_t input_size() const { return input_; }
  std::int64_t hidden_size() const { return hidden_; }
  std::int64_t num_layers() const { return std::int64_t(layers_.size()); }
  const std::vector<LSTMWeights>& weights() const { return layers_; }

 private:
  std::int64_t input_, hidden_;
  std::vector<LSTMWeights> layers_;
};

}  // namespace simrec::nn
