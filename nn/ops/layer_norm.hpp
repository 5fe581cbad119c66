#pragma once
// Layer normalisation over the last axis (PyTorch's LayerNorm with normalized_shape = [C]).
// x [..., C] is viewed as rows [R, C]; per row:
//
//   mean = sum_c x_c / C     var = sum_c (x_c - mean)^2 / C   (biased, as PyTorch)
//   rstd = 1 / sqrt(var + eps)     xhat = (x - mean) * rstd     y = xhat * gamma + beta
//
// Gradients (g = dy * gamma, means over the row):
//   dx = rstd * (g - mean(g) - xhat * mean(g * xhat))
//   dgamma = sum_rows dy * xhat      dbeta = sum_rows dy
// Forward and backward run on fused kernels; the sums over rows use fixed row chunks combined in
// order, so dgamma / dbeta are bit-identical for any thread count.

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, double eps = 1e-5);

}  // namespace simrec::nn
