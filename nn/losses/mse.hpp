#pragma once
// Mean squared error: l_i = (pred_i - target_i)^2, reduced (Mean: / N).
//   dl_i/dpred_i = 2 (pred_i - target_i)      dl_i/dtarget_i = -2 (pred_i - target_i)
// pred and target must have the same shape (no silent broadcasting). Built from sub and mul.

#include "nn/core/tensor.hpp"
#include "nn/losses/reduction.hpp"

namespace simrec::nn {

Tensor mse(const Tensor& pred, const Tensor& target, Reduction reduction = Reduction::Mean);

}  // namespace simrec::nn
