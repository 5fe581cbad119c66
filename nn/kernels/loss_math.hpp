#pragma once
// Scalar forms of the element-wise loss kernels, shared by the reference and optimised CPU paths
// so both compute exactly the same per-element values.

#include <cmath>

#include "nn/kernels/unary_math.hpp"

namespace simrec::nn {

// max(z, 0) - z y + log(1 + e^-|z|): never exponentiates a positive number.
template <class T>
inline T bce_logits_value(T z, T y) {
  return std::fmax(z, T(0)) - z * y + std::log1p(std::exp(-std::fabs(z)));
}

// d/dz of bce_logits_value: sigmoid(z) - y.
template <class T>
inline T bce_logits_dz(T z, T y) {
  return stable_sigmoid(z) - y;
}

}  // namespace simrec::nn
