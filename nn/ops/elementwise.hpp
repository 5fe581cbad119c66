#pragma once
// Element-wise binary ops with numpy broadcasting, and scalar arithmetic.
//
//   add(a, b) = a + b      da = sum_to(g, a.shape)            db = sum_to(g, b.shape)
//   sub(a, b) = a - b      da = sum_to(g, a.shape)            db = -sum_to(g, b.shape)
//   mul(a, b) = a * b      da = sum_to(g * b, a.shape)        db = sum_to(g * a, b.shape)
//   div(a, b) = a / b      da = sum_to(g / b, a.shape)        db = -sum_to(g * a / b^2, b.shape)
//   affine(x, s, c) = s * x + c (scalars s, c)                dx = s * g

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor affine(const Tensor& x, double scale, double shift);
Tensor neg(const Tensor& x);

inline Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
inline Tensor operator-(const Tensor& x) { return neg(x); }
inline Tensor operator+(const Tensor& a, double s) { return affine(a, 1.0, s); }
inline Tensor operator+(double s, const Tensor& a) { return affine(a, 1.0, s); }
inline Tensor operator-(const Tensor& a, double s) { return affine(a, 1.0, -s); }
inline Tensor operator-(double s, const Tensor& a) { return affine(a, -1.0, s); }
inline Tensor operator*(const Tensor& a, double s) { return affine(a, s, 0.0); }
inline Tensor operator*(double s, const Tensor& a) { return affine(a, s, 0.0); }
inline Tensor operator/(const Tensor& a, double s) { return affine(a, 1.0 / s, 0.0); }

}  // namespace simrec::nn
