#pragma once
// Element-wise unary ops (forward value; gradient rule).
//
//   relu(x) = max(x, 0)                 dx = g * [x > 0]
//   sigmoid(x) = 1 / (1 + e^-x)         dx = g * y (1 - y)
//   tanh(x)                             dx = g * (1 - y^2)
//   exp(x)                              dx = g * y
//   log(x)                              dx = g / x
//   sqrt(x)                             dx = g / (2 y)
//   pow(x, p) = x^p (scalar p)          dx = g * p x^(p-1)
//   clamp(x, lo, hi)                    dx = g * [lo <= x <= hi]   (PyTorch's convention)
//   log_sigmoid(x) = -log(1 + e^-x)     dx = g * sigmoid(-x)       (stable for large |x|)

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor relu(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor pow(const Tensor& x, double p);
Tensor clamp(const Tensor& x, double lo, double hi);
Tensor log_sigmoid(const Tensor& x);

}  // namespace simrec::nn
