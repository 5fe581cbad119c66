#pragma once
// Reductions.
//
//   sum(x, axes, keepdim)   dx = broadcast of g back to x.shape
//   mean(x, axes, keepdim)  = sum / (number of reduced elements)
//   sum_all(x), mean_all(x) reduce every axis to a 0-D scalar
//   sum_to(g, shape)        sums g over the axes that broadcasting expanded to reach `shape`
//                           (the adjoint of broadcasting; used by every broadcast op's backward)

#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor sum(const Tensor& x, std::vector<int> axes, bool keepdim = false);
Tensor mean(const Tensor& x, std::vector<int> axes, bool keepdim = false);
Tensor sum_all(const Tensor& x);
Tensor mean_all(const Tensor& x);
Tensor sum_to(const Tensor& g, const Shape& shape);
// x broadcast (materialised) to `shape`; gradient sum_to.
Tensor broadcast_to(const Tensor& x, const Shape& shape);

}  // namespace simrec::nn
