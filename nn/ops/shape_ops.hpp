#pragma once
// Shape ops: axis permutation, windows along one axis, joining and splitting (each copies values
// into a new contiguous tensor). Axes may be negative (counted from the end).
//
//   permute(x, perm)            y.shape[k] = x.shape[perm[k]]       dx = permute(g, perm^-1)
//   transpose(x, a, b)          permute swapping axes a and b       dx = transpose(g, a, b)
//   slice(x, axis, start, len)  y = x[..., start : start + len, ...] along `axis`
//                                                                    dx = pad(g, axis, start, rest)
//   pad(x, axis, before, after) zeros before and after x along `axis`
//                                                                    dx = slice(g, axis, before, n)
//   concat(xs, axis)            xs joined along `axis` (one node, n inputs; the other dims must
//                               agree)                              dx_i = slice(g, axis, off_i, n_i)
//   split(x, axis, sizes)       slices of the given sizes (they must sum to x.shape[axis])
//   unsqueeze(x, axis)          inserts a size-1 dim at `axis` (0..rank; negative counts from
//                               rank + 1)                           reshape; shares storage
//   squeeze(x, axis)            removes a size-1 dim                reshape; shares storage

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor permute(const Tensor& x, std::vector<int> perm);
Tensor transpose(const Tensor& x, int a, int b);
Tensor slice(const Tensor& x, int axis, std::int64_t start, std::int64_t length);
Tensor pad(const Tensor& x, int axis, std::int64_t before, std::int64_t after);
Tensor concat(const std::vector<Tensor>& xs, int axis);
std::vector<Tensor> split(const Tensor& x, int axis, const std::vector<std::int64_t>& sizes);
Tensor unsqueeze(const Tensor& x, int axis);
Tensor squeeze(const Tensor& x, int axis);

}  // namespace simrec::nn
