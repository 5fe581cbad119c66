#include "nn/layers/expert_gate.hpp"

#include <cmath>

#include "nn/ops/matmul.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/ops/softmax.hpp"
#include "sim/random/philox.hpp"

namespace simrec::nn {

Experts::Experts(std::int64_t n_experts, std::vector<std::int64_t> widths, MLPOptions options) {
  if (n_experts <= 0) fail("Experts", "n_experts must be positive, got ", n_experts);
  for (std::int64_t i = 0; i < n_experts; ++i) {
    MLPOptions own = options;
    own.dropout_seed = random::mix64(options.dropout_seed ^ random::mix64(0x5EED0000u + i));
    experts_.push_back(std::make_unique<MLP>(widths, own));
    register_module(std::to_string(i), *experts_.back());
  }
}

Tensor Experts::forward(const Tensor& x) const { return run(x, nullptr); }

Tensor Experts::forward(const Tensor& x, std::uint64_t step) const { return run(x, &step); }

Tensor Experts::run(const Tensor& x, const std::uint64_t* step) const {
  if (!x.defined() || x.rank() != 2 || x.shape()[1] != in_features())
    fail("Experts", "input must be [batch, ", in_features(), "], got ", describe(x));
  std::vector<Tensor> outs;
  for (const auto& e : experts_)
    outs.push_back(unsqueeze(step ? e->forward(x, *step) : e->forward(x), 1));
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
  return softmax(linear(x, weight_, bias_), 1);
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
