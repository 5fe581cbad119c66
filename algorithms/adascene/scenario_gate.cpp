#include "algorithms/adascene/scenario_gate.hpp"

#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "nn/ops/matmul.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/softmax.hpp"

namespace simrec::algorithms::adascene {

const char* gating_name(GatingKind g) {
  return g == GatingKind::Softmax ? "softmax" : g == GatingKind::KlTopK ? "kl_topk" : "dselect";
}

GatingKind parse_gating(const std::string& name) {
  if (name == "softmax") return GatingKind::Softmax;
  if (name == "kl_topk") return GatingKind::KlTopK;
  if (name == "dselect") return GatingKind::DSelect;
  throw std::invalid_argument("unknown gating '" + name + "'; allowed: softmax, kl_topk, dselect");
}

KeyIndex index_keys(const std::vector<std::int64_t>& keys) {
  KeyIndex k;
  std::unordered_map<std::int64_t, std::int64_t> seen;
  k.position.reserve(keys.size());
  for (std::int64_t key : keys) {
    const auto [it, fresh] = seen.emplace(key, std::int64_t(k.unique.size()));
    if (fresh) k.unique.push_back(key);
    k.position.push_back(it->second);
  }
  return k;
}

SoftmaxScenarioGate::SoftmaxScenarioGate(std::int64_t num_scenarios, std::int64_t in_features, std::int64_t n_experts)
    : in_(in_features), n_(n_experts), table_(num_scenarios, n_experts * in_features, true) {
  const double bound = 1.0 / std::sqrt(double(in_features));
  table_.set_init("weight", nn::Init::uniform(-bound, bound));
  register_module("table", table_);
}

GateOutput SoftmaxScenarioGate::forward(const std::vector<std::int64_t>& keys, const nn::Tensor& x) const {
  const std::int64_t B = std::int64_t(keys.size());
  const nn::Tensor w = nn::reshape(table_(keys), {B, n_, in_});
  const nn::Tensor logits = nn::reshape(nn::bmm(w, nn::reshape(x, {B, in_, 1})), {B, n_});
  return {nn::softmax(logits, 1), nn::Tensor()};
}

}  // namespace simrec::algorithms::adascene
