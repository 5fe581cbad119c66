#pragma once
// Pairwise (BPR) loss: l = -log sigmoid(pos - neg) per pair, reduced (Mean by default).
//   dl/dpos = -sigmoid(neg - pos)      dl/dneg = sigmoid(neg - pos)
// pos_scores and neg_scores broadcast against each other: [B] with [B] is one pair per example,
// [B, 1] with [B, K] is K negatives per positive. Built from sub and the stable log_sigmoid.

#include "nn/core/tensor.hpp"
#include "nn/losses/reduction.hpp"

namespace simrec::nn {

Tensor pairwise_log_sigmoid(const Tensor& pos_scores, const Tensor& neg_scores,
                            Reduction reduction = Reduction::Mean);

}  // namespace simrec::nn
