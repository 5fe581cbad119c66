#pragma once
// The AdaScene network (SPEC §6, article 004 §2, figure 3). Shape letters: B batch rows, F
// categorical fields, D = sum of field embedding widths, S scenario keys, n gated experts, n_sh
// shared experts, d expert output width, d_s scenario embedding width.
//
//   x   = input layer (multitask/input_layer.hpp): field embeddings concatenated      [B, D]
//   e_s = scenario embedding of the row's key, table "scenario" [S, d_s]               [B, d_s]
//   feature adaptation (AKTN, optional; squeeze-and-excitation style):
//         w = 2 sigmoid(W_2 relu(W_1 e_s + b_1) + b_2) [B, F] (one weight per field; W_2 starts
//         in U(-0.01, 0.01) and b_2 at 0, so w starts near 1: the base model), x <- x *
//         expand(w), expand copying field f's weight over its embedding columns. "adapt.*"
//   cross network (optional, `cross_layers` = L in [0, 6], default 0 = none; DCN-v2 style): with
//         x0 = x (after feature adaptation), x_{l+1} = x0 * (W_l x_l + b_l) + x_l for l < L, W_l
//         [D, D] and b_l [D] initialised as every nn::Linear ("cross<l>.*"); x <- x_L. x_L is
//         the input of the experts, the scenario gate (the softmax gate reads it; kl_topk and
//         dselect depend on the key only), and AKTN's shared experts and shared gate (the tower
//         and the scenario embedding do not read it). L = 0 registers nothing: the model is
//         exactly the one without the option.
//   experts  E = n ReLU MLP experts on x {D, expert_hidden...}                          [B, n, d]
//   gate     g = the scenario gate (scenario_gate.hpp: softmax | kl_topk | dselect)     [B, n]
//   h   = sum_i g_i E_i                                                                 [B, d]
//   knowledge transfer (AKTN, optional): n_sh shared experts with one scenario-agnostic softmax
//         gate on x give h_sh = mix(E_sh, softmax(W_sh x)); a learned per-scenario transfer gate
//         t_s = sigmoid(c_s) [d] (table "transfer" [S, d], starts at 0: half of h_sh flows in)
//         controls how much of it flows into the scenario's private (gated) experts' output:
//         h <- h + t_s * h_sh. Without the gate the model is the base MoE.
//   y   = tower(concat(h, e_s)) + b_s     tower ReLU MLP {d + d_s, tower_hidden..., 1}; b_s a
//         per-key logit offset (table "scenario_bias" [S, 1], starts at 0)            [B]
//
// The "private experts" of a scenario are its own gated combination of the n experts (one bank
// of experts serves every scenario; a separate expert bank per scenario would not scale to the
// article's ~100k scenarios). The model never reads the hidden scenario groups.
// Parameters: "input.*", "scenario.weight", "adapt.*", "cross<l>.*", "experts.*", "gate.*", "shared_experts.*",
// "shared_gate.weight", "transfer.weight", "tower.*", "scenario_bias.weight".

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "algorithms/adascene/dselect_gate.hpp"
#include "algorithms/adascene/kl_topk_gate.hpp"
#include "algorithms/adascene/scenario_gate.hpp"
#include "algorithms/multitask/input_layer.hpp"
#include "datasets/ad_samples.hpp"
#include "nn/layers/expert_gate.hpp"
#include "nn/layers/linear.hpp"

namespace simrec::algorithms::adascene {

inline constexpr std::int64_t kMaxCrossLayers = 6;

struct SceneNetConfig {
  // from the training table and the view
  std::vector<std::uint32_t> field_buckets;
  std::uint32_t num_scenarios = 1;
  // architecture
  std::int64_t embedding_dim = 8;  // 0: auto (input_layer.hpp)
  std::int64_t scenario_dim = 8;
  std::int64_t experts = 8;
  std::vector<std::int64_t> expert_hidden{64, 32};
  std::vector<std::int64_t> tower_hidden{32};
  GatingKind gating = GatingKind::Softmax;
  std::int64_t top_k = 2;
  double dselect_gamma = 1.0, entropy_weight = 1e-3, nonpower_weight = 1e-3;
  std::int64_t kl_profile_dim = 8;
  double kl_temperature = 0.25;
  bool feature_adaptation = false;
  bool knowledge_transfer = false;
  std::int64_t shared_experts = 2;
  std::int64_t adapt_hidden = 16;
  std::int64_t cross_layers = 0;  // [0, kMaxCrossLayers]
  double dropout = 0;
  std::uint64_t seed = 0;  // dropout masks
};

// The rows of a batch as the network reads them.
struct SceneBatch {
  multitask::InputBatch input;
  std::vector<std::int64_t> keys;  // [B]
};
SceneBatch make_scene_batch(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key,
                            std::span<const std::size_t> rows);

struct SceneOutput {
  nn::Tensor logits;       // [B]
  nn::Tensor gate;         // [B, n]
  nn::Tensor regulariser;  // scalar or undefined
};

class SceneNet : public nn::Module {
 public:
  // Throws std::invalid_argument for an inconsistent config (no experts, k outside [1, n], ...).
  explicit SceneNet(const SceneNetConfig& c);
  SceneOutput forward(const SceneBatch& batch, std::uint64_t step) const;
  const SceneNetConfig& config() const { return c_; }

 private:
  SceneNetConfig c_;
  multitask::InputLayer input_;
  nn::Embedding scenario_;
  std::unique_ptr<nn::MLP> adapt_;
  nn::Tensor expand_;  // [F, D] 0/1
  std::vector<std::unique_ptr<nn::Linear>> cross_;
  nn::Experts experts_;
  std::unique_ptr<ScenarioGate> gate_;
  std::unique_ptr<nn::Experts> shared_experts_;
  std::unique_ptr<nn::Gate> shared_gate_;
  std::unique_ptr<nn::Embedding> transfer_;
  nn::MLP tower_;
  nn::Embedding bias_;
};

}  // namespace simrec::algorithms::adascene
