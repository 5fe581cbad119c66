#pragma once
// Full softmax cross-entropy over C classes.
//
//   l_b = -log_softmax(z_b)[y_b] = logsumexp(z_b) - z_b[y_b]      dz_b = softmax(z_b) - onehot(y_b)
//
// logits [B, C], labels [B] in [0, C) (out of range throws naming the label and C). Mean divides
// by B. Built on the fused log_softmax_pick (nn/ops/softmax.hpp); -inf logits act as masked classes.

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"
#include "nn/losses/reduction.hpp"

namespace simrec::nn {

Tensor softmax_cross_entropy(const Tensor& logits, const std::vector<std::int64_t>& labels,
                             Reduction reduction = Reduction::Mean);

}  // namespace simrec::nn
