#include "nn/layers/expert_gate.hpp"

#include <algorithm>
#include <cmath>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::nn {

namespace {

// Softmax over the last axis of z [B, n] from exp and sum: exp(z - m) / sum exp(z - m), with m
// the row maximum taken as a constant (softmax does not depend on m, so the gradient through the
// other ops is exact, and the shift keeps exp from overflowing).
Tensor softmax_rows(const Tensor& z) {
  const std::int64_t B = z.shape()[0], n = z.shape()[1];
  Tensor row_max = Tensor::empty({B, 1}, z.dtype());
  const auto v = z.to_vector();
  for (std::int64_t b = 0; b < B; ++b) {
    const double m = *std::max_element(v.begin() + b * n, v.begin() + (b + 1) * n);
    if (z.dtype() == DType::F32)
      row_max.data<float>()[b] = float(m);
    else
      row_max.data<double>()[b] = m;
  }
  const Tensor e = exp(sub(z, row_max));
  return div(e, sum(e, {1}, true));
}

}  // namespace

Experts::Experts(std::int64_t n_experts, std::vector<std::int64_t> widths, MLPOptions options) {
  if (n_experts <= 0) fail("Experts", "n_experts must be positive, got ", n_experts);
  for (std::int64_t i = 0; i < n_experts; ++i) {
    experts_.push_back(std::make_unique<MLP>(widths, options));
    register_module(std::to_string(i), *experts_.back());
  }
}

Tensor Experts::forward(const Tensor& x) const {
  if (!x.defined() || x.rank() != 2 || x.shape()[1] != in_features())
    fail("Experts", "input must be [batch, ", in_features(), "], got ", describe(x));
  std::vector<Tensor> outs;
  for (const auto& e : experts_) outs.push_back(unsqueeze(e->forward(x), 1));
  return concat(outs, 1);
}

Gate::Gate(std::int64_t in_features, std::int64_t n_experts, bool bias)
    : in_(in_features), n_(n_experts) {
  if (in_features <= 0 || n_experts <= 0)
    fail("Gate", "in_features and n_experts must be positive, got ", in_features, " and ",
         n_experts);
  weight_ = register_parameter("weight", Tensor::zeros({n_, in_}),
                               Init::kaiming_uniform(std::sqrt(5.0)));
  if (bias) {
    const double bound = 1.0 / std::sqrt(double(in_));
    bias_ = register_parameter("bias", Tensor::zeros({n_}), Init::uniform(-bound, bound));
  }
}

Tensor Gate::forward(const Tensor& x) const {
  require_initialized("Gate");
  if (!x.defined() || x.rank() != 2 || x.shape()[1] != in_)
    fail("Gate", "input must be [batch, ", in_, "], got ", describe(x));
  return softmax_rows(linear(x, weight_, bias_));
}

Tensor mix(const Tensor& experts_out, const Tensor& gate) {
  if (!experts_out.defined() || !gate.defined() || experts_out.rank() != 3 || gate.rank() != 2 ||
      experts_out.shape()[0] != gate.shape()[0] || experts_out.shape()[1] != gate.shape()[1])
    fail("mix", "expects experts [B, n, d] and gate [B, n], got ", describe(experts_out), " and ",
         describe(gate));
  const std::int64_t B = gate.shape()[0], n = gate.shape()[1], d = experts_out.shape()[2];
  return reshape(bmm(reshape(gate, {B, 1, n}), experts_out), {B, d});
}

}  // namespace simrec::nn
