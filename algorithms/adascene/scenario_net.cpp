#include "algorithms/adascene/scenario_net.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "algorithms/multitask/extraction.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::algorithms::adascene {

namespace {

std::vector<std::int64_t> with_input(std::int64_t in, const std::vector<std::int64_t>& widths, bool output_unit) {
  std::vector<std::int64_t> w{in};
  w.insert(w.end(), widths.begin(), widths.end());
  if (output_unit) w.push_back(1);
  return w;
}

const SceneNetConfig& checked(const SceneNetConfig& c) {
  if (c.num_scenarios < 1) throw std::invalid_argument("SceneNet: needs at least one scenario key");
  if (c.experts < 1) throw std::invalid_argument("SceneNet: experts must be at least 1, got " + std::to_string(c.experts));
  if (c.expert_hidden.empty()) throw std::invalid_argument("SceneNet: expert widths need at least one layer");
  if (c.scenario_dim < 1) throw std::invalid_argument("SceneNet: scenario_dim must be at least 1");
  if (c.knowledge_transfer && c.shared_experts < 1)
    throw std::invalid_argument("SceneNet: knowledge transfer needs shared_experts >= 1, got " + std::to_string(c.shared_experts));
  if (c.cross_layers < 0 || c.cross_layers > kMaxCrossLayers)
    throw std::invalid_argument("SceneNet: cross_layers = " + std::to_string(c.cross_layers) + " outside [0, " +
                                std::to_string(kMaxCrossLayers) + "]");
  if (c.gating != GatingKind::Softmax && (c.top_k < 1 || c.top_k > c.experts))
    throw std::invalid_argument("SceneNet: top_k = " + std::to_string(c.top_k) + " outside [1, experts = " + std::to_string(c.experts) + "]");
  return c;
}

std::unique_ptr<ScenarioGate> make_gate(const SceneNetConfig& c, std::int64_t in) {
  switch (c.gating) {
    case GatingKind::Softmax: return std::make_unique<SoftmaxScenarioGate>(c.num_scenarios, in, c.experts);
    case GatingKind::KlTopK: return std::make_unique<KlTopKGate>(c.num_scenarios, KlTopKOptions{c.experts, c.top_k, c.kl_profile_dim, c.kl_temperature});
    case GatingKind::DSelect:
      return std::make_unique<DSelectGate>(c.num_scenarios, DSelectOptions{c.experts, c.top_k, c.dselect_gamma, c.entropy_weight, c.nonpower_weight});
  }
  throw std::logic_error("make_gate: unknown gating");
}

}  // namespace

SceneBatch make_scene_batch(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key, std::span<const std::size_t> rows) {
  SceneBatch b;
  b.input.rows = rows.size();
  const std::size_t F = table.num_fields();
  b.input.ids.assign(F, std::vector<std::int64_t>(rows.size()));
  b.keys.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t f = 0; f < F; ++f) b.input.ids[f][i] = std::int64_t(table.cat(rows[i], f));
    b.keys[i] = std::int64_t(key[rows[i]]);
  }
  return b;
}

SceneNet::SceneNet(const SceneNetConfig& config)
    : c_(checked(config)),
      input_(c_.field_buckets, 0, c_.embedding_dim),
      scenario_(c_.num_scenarios, c_.scenario_dim, true),
      experts_(c_.experts, with_input(input_.out_features(), c_.expert_hidden, false),
               multitask::hidden_block_options(c_.dropout, c_.seed, "experts")),
      tower_(with_input(c_.expert_hidden.back() + c_.scenario_dim, c_.tower_hidden, true),
             multitask::tower_options(c_.dropout, c_.seed, "tower")),
      bias_(c_.num_scenarios, 1, true) {
  const std::int64_t D = input_.out_features(), d = c_.expert_hidden.back();
  register_module("input", input_);
  scenario_.set_init("weight", nn::Init::normal(0.0, 1.0 / std::sqrt(double(c_.scenario_dim))));
  register_module("scenario", scenario_);
  if (c_.feature_adaptation) {
    const std::int64_t F = std::int64_t(c_.field_buckets.size());
    adapt_ = std::make_unique<nn::MLP>(std::vector<std::int64_t>{c_.scenario_dim, c_.adapt_hidden, F});
    // Near-zero output layer: w = 2 sigmoid(~0) ~ 1, so AKTN starts from the base model (exactly
    // zero would also zero the first layer's gradient at the start).
    adapt_->set_init("1.weight", nn::Init::uniform(-0.01, 0.01));
    adapt_->set_init("1.bias", nn::Init::zeros());
    register_module("adapt", *adapt_);
    std::vector<float> expand(std::size_t(F * D), 0.0f);
    std::int64_t col = 0;
    for (std::int64_t f = 0; f < F; ++f)
      for (std::int64_t j = 0; j < input_.field_dims()[std::size_t(f)]; ++j) expand[std::size_t(f * D + col++)] = 1.0f;
    expand_ = nn::Tensor::from({F, D}, expand);
  }
  for (std::int64_t l = 0; l < c_.cross_layers; ++l) {
    cross_.push_back(std::make_unique<nn::Linear>(D, D));
    register_module("cross" + std::to_string(l), *cross_.back());
  }
  register_module("experts", experts_);
  gate_ = make_gate(c_, D);
  register_module("gate", *gate_);
  if (c_.knowledge_transfer) {
    shared_experts_ = std::make_unique<nn::Experts>(c_.shared_experts, with_input(D, c_.expert_hidden, false),
                                                    multitask::hidden_block_options(c_.dropout, c_.seed, "shared_experts"));
    shared_gate_ = std::make_unique<nn::Gate>(D, c_.shared_experts);
    transfer_ = std::make_unique<nn::Embedding>(c_.num_scenarios, d, true);
    transfer_->set_init("weight", nn::Init::zeros());
    register_module("shared_experts", *shared_experts_);
    register_module("shared_gate", *shared_gate_);
    register_module("transfer", *transfer_);
  }
  register_module("tower", tower_);
  bias_.set_init("weight", nn::Init::zeros());
  register_module("scenario_bias", bias_);
}

SceneOutput SceneNet::forward(const SceneBatch& batch, std::uint64_t step) const {
  const std::int64_t B = std::int64_t(batch.keys.size());
  nn::Tensor x = input_.forward(batch.input);
  const nn::Tensor es = scenario_(batch.keys);
  if (adapt_) x = x * nn::matmul(nn::affine(nn::sigmoid(adapt_->forward(es)), 2.0, 0.0), expand_);
  if (!cross_.empty()) {
    const nn::Tensor x0 = x;
    for (const auto& layer : cross_) x = x0 * layer->forward(x) + x;
  }
  const GateOutput g = gate_->forward(batch.keys, x);
  nn::Tensor h = nn::mix(experts_.forward(x, step), g.weights);
  if (transfer_) {
    const nn::Tensor shared = nn::mix(shared_experts_->forward(x, step), shared_gate_->forward(x));
    h = h + nn::sigmoid((*transfer_)(batch.keys)) * shared;
  }
  const nn::Tensor y = tower_.forward(nn::concat({h, es}, 1), step) + bias_(batch.keys);
  return {nn::reshape(y, {B}), g.weights, g.regulariser};
}

}  // namespace simrec::algorithms::adascene
