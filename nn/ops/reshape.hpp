#pragma once
// Reshape: same values, new shape (shares storage; a -1 dimension is inferred).
//   dx = reshape(g, x.shape)

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor reshape(const Tensor& x, Shape shape);
// Shape with -1 allowed (std::initializer_list<int64_t>).
Tensor reshape(const Tensor& x, std::initializer_list<std::int64_t> dims);

}  // namespace simrec::nn
