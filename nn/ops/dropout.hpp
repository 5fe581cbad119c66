#pragma once
// Inverted dropout with a counter-based mask (reproducible for any thread count).
//
//   y = x * mask,  mask_i = [u_i >= p] / (1 - p),  u_i = uniform_at(stream_key(seed,
//   "nn/dropout"), step, i)                                        dx = g * mask
//
// The mask of element i at call `step` depends only on (seed, step, i): pass a new step for every
// training step, and a distinct seed for every dropout site in a model (e.g. mixed from the run
// seed and the layer's index), otherwise two same-sized sites would drop the same elements.
// E[y] = x. When !training or p == 0, y is x itself (no copy, no node). p must lie in [0, 1).

#include <cstdint>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor dropout(const Tensor& x, double p, std::uint64_t seed, std::uint64_t step, bool training);

// The mask itself, {0, 1 / (1 - p)} per element of `shape` (exposed for tests and for callers
// that must reuse one mask).
Tensor dropout_mask(const Shape& shape, DType dtype, double p, std::uint64_t seed,
                    std::uint64_t step);

}  // namespace simrec::nn
