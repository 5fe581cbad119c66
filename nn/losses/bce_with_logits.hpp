#pragma once
// Binary cross-entropy on logits, with optional per-example weights.
//
//   l_i = w_i * (max(z_i, 0) - z_i y_i + log(1 + e^-|z_i|))
//       = -w_i [y_i log sigmoid(z_i) + (1 - y_i) log(1 - sigmoid(z_i))]
//   dl_i/dz_i = w_i (sigmoid(z_i) - y_i)      dl_i/dy_i = -w_i z_i
//
// logits and targets have the same shape; weights (optional) broadcast to it. Reduction Mean is
// sum_i l_i / N over the N elements (PyTorch's BCEWithLogitsLoss(weight=w, reduction='mean')),
// not a weighted average. YouTube's weighted logistic regression (SPEC §6, ranking): w = watch
// time for clicked impressions, 1 otherwise; the fitted odds e^z then approximate the expected
// watch time (a constant model on N examples with k positives reaches odds sum T / (N - k)).
// The per-element term and its gradient run on the fused kernels bce_logits(_backward).

#include "nn/core/tensor.hpp"
#include "nn/losses/reduction.hpp"

namespace simrec::nn {

Tensor bce_with_logits(const Tensor& logits, const Tensor& targets,
                       const Tensor& weights = Tensor(), Reduction reduction = Reduction::Mean);

}  // namespace simrec::nn
