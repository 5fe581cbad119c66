#pragma once
// Label picking: one entry per row.
//
//   pick(x [B, C], labels [B]) -> [B],  out_b = x[b, labels_b]
//   dx[b, c] = g_b if c == labels_b else 0
//
// Behind softmax cross-entropy: gather(x, labels, 1) with the labels checked first, so a bad label
// is reported as the loss's problem. Labels outside [0, C) throw.

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor pick(const Tensor& x, const std::vector<std::int64_t>& labels);

}  // namespace simrec::nn
