#pragma once
// Softmax family along one axis (negative axes count from the end). x is viewed as [O, D, I]
// with D the softmax axis; every line along D is shifted by its maximum before exponentiating,
// so no finite input overflows.
//
//   softmax(x, axis)_d     = e^(x_d - m) / sum_k e^(x_k - m)       dx = y * (g - sum_d g y)
//   log_softmax(x, axis)_d = (x_d - m) - log sum_k e^(x_k - m)     dx = g - e^y * sum_d g
//   logsumexp(x, axis)     = m + log sum_k e^(x_k - m)             dx = g * softmax(x, axis)
//     (m = max_k x_k; the axis is removed unless keepdim)
//
// -inf entries get probability 0 (a way to mask classes); a line that is entirely -inf gives
// NaN from softmax / log_softmax and -inf from logsumexp, as in PyTorch.
//
//   log_softmax_pick(x [R, C], labels [R]) -> [R] = pick(log_softmax(x, 1), labels)
//     out_r = x[r, y_r] - lse_r,  lse_r = logsumexp(x_r)     dx[r, c] = g_r ([c == y_r] - e^(x_rc - lse_r))
//   The fused form of the language-model / full-softmax loss: it keeps only lse [R] for backward
//   and writes dx in one pass, where the composite materialises the [R, C] log-softmax, a dense
//   gradient of pick and a second [R, C] pass. Values equal the composite's up to rounding.
//   Labels outside [0, C) throw, naming the row.

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor softmax(const Tensor& x, int axis);
Tensor log_softmax(const Tensor& x, int axis);
Tensor logsumexp(const Tensor& x, int axis, bool keepdim = false);
Tensor log_softmax_pick(const Tensor& x, const std::vector<std::int64_t>& labels);

}  // namespace simrec::nn
