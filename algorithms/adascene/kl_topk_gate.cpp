#include "algorithms/adascene/kl_topk_gate.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/softmax.hpp"

namespace simrec::algorithms::adascene {

KlTopKGate::KlTopKGate(std::int64_t num_scenarios, KlTopKOptions options)
    : o_(options), scenario_profile_(num_scenarios, options.profile_dim, true) {
  if (o_.k < 1 || o_.k > o_.n_experts || o_.profile_dim < 2 || !(o_.temperature > 0))
    throw std::invalid_argument("KlTopKGate: needs 1 <= k <= n_experts, profile_dim >= 2 and temperature > 0, got k = " +
                                std::to_string(o_.k) + ", n = " + std::to_string(o_.n_experts) + ", profile_dim = " +
                                std::to_string(o_.profile_dim) + ", temperature = " + std::to_string(o_.temperature));
  scenario_profile_.set_init("weight", nn::Init::normal(0.0, 1.0));
  register_module("scenario_profile", scenario_profile_);
  expert_profile_ = register_parameter("expert_profile", nn::Tensor::zeros({o_.n_experts, o_.profile_dim}), nn::Init::normal(0.0, 1.0));
}

nn::Tensor KlTopKGate::affinity(const std::vector<std::int64_t>& unique_keys) const {
  const nn::Tensor u = scenario_profile_(unique_keys);  // [U, p]
  const nn::Tensor p = nn::softmax(u, 1), log_p = nn::log_softmax(u, 1);
  const nn::Tensor log_q = nn::log_softmax(expert_profile_, 1);  // [n, p]
  // -KL = -sum_j p log p + sum_j p log q_e
  return nn::matmul_t(p, log_q) - nn::sum(p * log_p, {1}, true);
}

nn::Tensor KlTopKGate::weights(const nn::Tensor& m) const {
  const std::int64_t U = m.dim(0), n = o_.n_experts;
  const nn::TopK top = nn::topk(m.detach(), o_.k);
  std::vector<float> mask(std::size_t(U * n), -std::numeric_limits<float>::infinity());
  for (std::int64_t u = 0; u < U; ++u)
    for (std::int64_t j = 0; j < o_.k; ++j) mask[std::size_t(u * n + top.indices[std::size_t(u * o_.k + j)])] = 0.0f;
  nn::Tensor bias = nn::Tensor::from({U, n}, mask);
  if (m.dtype() != bias.dtype()) bias = bias.to(m.dtype());
  return nn::softmax(m * (1.0 / o_.temperature) + bias, 1);
}

GateOutput KlTopKGate::forward(const std::vector<std::int64_t>& keys, const nn::Tensor&) const {
  const KeyIndex index = index_keys(keys);
  return {nn::index_select(weights(affinity(index.unique)), index.position), nn::Tensor()};
}

}  // namespace simrec::algorithms::adascene
