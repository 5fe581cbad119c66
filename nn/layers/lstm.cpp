#include "nn/layers/lstm.hpp"

#include <cmath>
#include <string>

#include "nn/ops/lstm_recurrence.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/shape_ops.hpp"

namespace simrec::nn {

LSTM::LSTM(std::int64_t input_size, std::int64_t hidden_size, std::int64_t num_layers, bool bias)
    : input_(input_size), hidden_(hidden_size) {
  if (input_size <= 0 || hidden_size <= 0 || num_layers <= 0)
    fail("LSTM", "input_size, hidden_size and num_layers must be positive, got ", input_size,
         ", ", hidden_size, ", ", num_layers);
  const std::int64_t H = hidden_size;
  const double bound = 1.0 / std::sqrt(double(H));
  const Init rule = Init::uniform(-bound, bound);
  for (std::int64_t k = 0; k < num_layers; ++k) {
    const std::string s = std::to_string(k);
    const std::int64_t in = k == 0 ? input_size : H;
    LSTMWeights p;
    p.w_ih = register_parameter("weight_ih_l" + s, Tensor::zeros({4 * H, in}), rule);
    p.w_hh = register_parameter("weight_hh_l" + s, Tensor::zeros({4 * H, H}), rule);
    if (bias) {
      p.b_ih = register_parameter("bias_ih_l" + s, Tensor::zeros({4 * H}), rule);
      p.b_hh = register_parameter("bias_hh_l" + s, Tensor::zeros({4 * H}), rule);
    }
    layers_.push_back(p);
  }
}

LSTMOutput LSTM::forward(const Tensor& x, const LSTMState& initial) const {
  require_initialized("LSTM");
  return lstm_forward(x, layers_, initial);
}

namespace {

void check_weights(const std::vector<LSTMWeights>& layers, std::int64_t C) {
  if (layers.empty()) fail("LSTM", "no layers");
  const Tensor& w_hh0 = layers[0].w_hh;
  if (!w_hh0.defined() || w_hh0.rank() != 2)
    fail("LSTM", "weight_hh of layer 0 must be [4H, H], got ", describe(w_hh0));
  const std::int64_t H = w_hh0.shape()[1];
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const LSTMWeights& w = layers[k];
    const std::int64_t in = k == 0 ? C : H;
    const auto bad = [&](const Tensor& t, const char* what, Shape want) {
      if (!t.defined() || t.shape() != want)
        fail("LSTM", what, " of layer ", k, " must be ", want.str(), ", got ", describe(t));
    };
    bad(w.w_ih, "weight_ih", {4 * H, in});
    bad(w.w_hh, "weight_hh", {4 * H, H});
    if (w.b_ih.defined() != w.b_hh.defined())
      fail("LSTM", "layer ", k, " has only one of bias_ih and bias_hh");
    if (w.b_ih.defined()) {
      bad(w.b_ih, "bias_ih", {4 * H});
      bad(w.b_hh, "bias_hh", {4 * H});
    }
  }
}

// Rows [start, start + len) of packed [R, B, H] as a tensor of shape `shape` sharing packed's
// storage (no copy); its gradient is padded back to packed's shape.
Tensor rows_view(const Tensor& packed, std::int64_t start, std::int64_t len, Shape shape) {
  const std::int64_t R = packed.shape()[0], row = packed.numel() / R;
  Tensor v = packed.detach();
  v.impl()->offset += start * row;
  v.impl()->shape = shape;
  return record("lstm_rows", v, {packed},
                [R, start, len, row_shape = packed.shape()](const Tensor& g, Grads& gr) {
                  Shape s = row_shape;
                  s[0] = len;
                  gr.add(0, pad(reshape(g, s), 0, start, R - start - len));
                });
}

}  // namespace

LSTMOutput lstm_forward(const Tensor& x, const std::vector<LSTMWeights>& layers,
                        const LSTMState& initial) {
  if (!x.defined() || x.rank() != 3)
    fail("LSTM", "input must be [T, B, C] (seq-first), got ", describe(x));
  if (!layers.empty() && layers[0].w_ih.defined() && layers[0].w_ih.rank() == 2 &&
      layers[0].w_ih.shape()[1] != x.shape()[2])
    fail("LSTM", "input must be [T, B, ", layers[0].w_ih.shape()[1], "] (seq-first), got ",
         describe(x));
  check_weights(layers, x.shape()[2]);
  const std::int64_t T = x.shape()[0], B = x.shape()[1], H = layers[0].w_hh.shape()[1];
  const std::size_t L = layers.size();
  if (T == 0) fail("LSTM", "empty sequence ", describe(x));
  const bool given = !initial.h.empty() || !initial.c.empty();
  if (given) {
    if (initial.h.size() != L || initial.c.size() != L)
      fail("LSTM", "initial state needs h and c for each of ", L, " layers, got ",
           initial.h.size(), " and ", initial.c.size());
    for (std::size_t k = 0; k < L; ++k)
      for (const Tensor* s : {&initial.h[k], &initial.c[k]})
        if (!s->defined() || s->shape() != Shape{B, H} || s->dtype() != x.dtype())
          fail("LSTM", "initial state of layer ", k, " must be ", dtype_name(x.dtype()), "[", B,
               ", ", H, "], got ", describe(*s));
  }

  LSTMOutput out;
  Tensor seq = x;  // [T, B, C_k]
  for (std::size_t k = 0; k < L; ++k) {
    const LSTMWeights& p = layers[k];
    const Tensor h0 = given ? initial.h[k] : Tensor::zeros({B, H}, x.dtype());
    const Tensor c0 = given ? initial.c[k] : Tensor::zeros({B, H}, x.dtype());
    const Tensor projected = reshape(linear(seq, p.w_ih, p.b_ih), {T, B, 4 * H});
    // [T + 1, B, H]: h_1 .. h_T, then c_T; the pieces are views of it.
    const Tensor packed = lstm_recurrence(projected, p.w_hh, p.b_hh, h0, c0);
    seq = rows_view(packed, 0, T, {T, B, H});
    out.final.h.push_back(rows_view(packed, T - 1, 1, {B, H}));
    out.final.c.push_back(rows_view(packed, T, 1, {B, H}));
  }
  out.output = seq;
  return out;
}

}  // namespace simrec::nn
