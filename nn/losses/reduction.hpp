#pragma once
// How a loss turns per-element values into its result (PyTorch's `reduction` argument):
//   Mean: sum of the per-element values / their count (a weighted loss still divides by the
//         number of elements, not by the sum of weights: PyTorch's convention)
//   Sum:  sum of the per-element values
//   None: the per-element values themselves

#include <cstdint>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

enum class Reduction : std::uint8_t { Mean, Sum, None };

const char* reduction_name(Reduction r);

// Applies r to per-element losses (Mean / Sum give a 0-D tensor).
Tensor reduce_loss(const Tensor& per_element, Reduction r);

}  // namespace simrec::nn
