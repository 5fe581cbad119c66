#pragma once
// Test helpers for the engine: seeded random tensors, the float64 finite-difference gradient
// check, and the reference-vs-optimised kernel comparison.

#include <functional>
#include <string>
#include <vector>

#include "nn/nn.hpp"

namespace simrec::testing {

using nn::Tensor;
using TensorFn = std::function<Tensor(const std::vector<Tensor>&)>;

// Uniform in [lo, hi), seeded by (seed, index): reproducible and independent of call order.
Tensor random_tensor(const nn::Shape& shape, std::uint64_t seed, double lo = -1.0, double hi = 1.0,
                     nn::DType dtype = nn::DType::F64);
// Like random_tensor but every element keeps at least `gap` away from each value in `kinks`
// (used for ops that are not differentiable at some points: relu at 0, clamp at its bounds).
Tensor random_tensor_avoiding(const nn::Shape& shape, std::uint64_t seed, double lo, double hi,
                              const std::vector<double>& kinks, double gap);

struct GradCheck {
  double eps = 1e-6;   // central-difference step
  double atol = 1e-7;  // |analytic - numeric| <= atol + rtol * |numeric|
  double rtol = 1e-5;
};

// Checks d L / d inputs for L = sum(f(inputs) * R), R a fixed random tensor (so every output
// element's gradient path is exercised), against central differences in float64. Returns an
// empty string when all gradients match, otherwise a description naming `op` and the first
// mismatches. Inputs must be float64 leaves; those with requires_grad are checked.
std::string gradcheck(const std::string& op, const TensorFn& f, std::vector<Tensor> inputs,
                      GradCheck opts = {});

// Runs f forward and backward (L = sum(f * R)) with the reference kernels and with the optimised
// kernels, and compares outputs and input gradients within rtol (float32 rounding differences
// are allowed; anything else is not). Returns "" when they agree.
std::string compare_kernel_paths(const std::string& op, const TensorFn& f,
                                 const std::vector<Tensor>& inputs, double rtol = 1e-5,
                                 double atol = 1e-6);

// max |a - b| / (atol + rtol |b|) style comparison of two tensors; "" when close.
std::string compare_tensors(const std::string& what, const Tensor& a, const Tensor& b, double rtol,
                            double atol);

}  // namespace simrec::testing
