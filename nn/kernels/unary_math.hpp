#pragma once
// Scalar forms of the element-wise unary ops and their derivatives, shared by every CPU kernel
// path (reference and optimised) so both compute exactly the same per-element values.

#include <cmath>

#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn {

template <class T>
inline T stable_sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}

template <class T>
inline T unary_value(UnaryOp op, T x, T p0, T p1) {
  switch (op) {
    case UnaryOp::Neg: return -x;
    case UnaryOp::Relu: return x > T(0) ? x : T(0);
    case UnaryOp::Sigmoid: return stable_sigmoid(x);
    case UnaryOp::Tanh: return std::tanh(x);
    case UnaryOp::Exp: return std::exp(x);
    case UnaryOp::Log: return std::log(x);
    case UnaryOp::Sqrt: return std::sqrt(x);
    case UnaryOp::Pow: return std::pow(x, p0);
    case UnaryOp::Clamp: return x < p0 ? p0 : (x > p1 ? p1 : x);
    case UnaryOp::Affine: return p0 * x + p1;
    case UnaryOp::LogSigmoid: return std::fmin(x, T(0)) - std::log1p(std::exp(-std::fabs(x)));
  }
  return x;
}

// dy * f'(x), with y = f(x) available.
template <class T>
inline T unary_grad(UnaryOp op, T x, T y, T dy, T p0, T p1) {
  switch (op) {
    case UnaryOp::Neg: return -dy;
    case UnaryOp::Relu: return x > T(0) ? dy : T(0);
    case UnaryOp::Sigmoid: return dy * y * (T(1) - y);
    case UnaryOp::Tanh: return dy * (T(1) - y * y);
    case UnaryOp::Exp: return dy * y;
    case UnaryOp::Log: return dy / x;
    case UnaryOp::Sqrt: return dy * T(0.5) / y;
    case UnaryOp::Pow: return dy * p0 * std::pow(x, p0 - T(1));
    // PyTorch's convention: gradient 1 on the closed interval [lo, hi].
    case UnaryOp::Clamp: return (x >= p0 && x <= p1) ? dy : T(0);
    case UnaryOp::Affine: return dy * p0;
    case UnaryOp::LogSigmoid: return dy * stable_sigmoid(-x);
  }
  return dy;
}

}  // namespace simrec::nn
