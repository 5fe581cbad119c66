#pragma once
// Rank-4 padded dims and broadcast strides, the layout the binary kernel consumes.
#include <array>

#include "nn/core/shape.hpp"

namespace simrec::nn::detail {

inline std::array<std::int64_t, 4> padded_dims(const Shape& s) {
  std::array<std::int64_t, 4> d{1, 1, 1, 1};
  for (int i = 0; i < s.rank(); ++i) d[4 - s.rank() + i] = s[i];
  return d;
}

// Element strides of a tensor of shape `in` read as shape `out` (0 on broadcast dims).
inline std::array<std::int64_t, 4> broadcast_strides(const Shape& in, const Shape& out) {
  std::array<std::int64_t, 4> st{0, 0, 0, 0};
  Shape in_padded;
  for (int i = 0; i < out.rank() - in.rank(); ++i) in_padded.push_back(1);
  for (int i = 0; i < in.rank(); ++i) in_padded.push_back(in[i]);
  const auto din = padded_dims(in_padded), dout = padded_dims(out);
  std::int64_t stride = 1;
  for (int i = 3; i >= 0; --i) {
    st[i] = (din[i] == 1 && dout[i] != 1) ? 0 : stride;
    stride *= din[i];
  }
  return st;
}

}  // namespace simrec::nn::detail
