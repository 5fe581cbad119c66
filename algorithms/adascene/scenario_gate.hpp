#pragma once
// Scenario gates of the AdaScene models (SPEC §6, article 004 §2.1): per row, weights over n
// experts chosen by the row's scenario key. Shape letters: B batch rows, n experts, D gate input
// width, S scenario keys, U distinct keys of a batch.
//
//   softmax  (dense; the base model's "scenario gates") one gate per scenario:
//            g(x, s) = softmax(W_s x) [n], W_s [n, D] a row of the table "weight" [S, n D]
//            (row-sparse gradients: a batch updates only its scenarios' gates), initialised
//            like Linear, U(-1/sqrt(D), 1/sqrt(D)). No regulariser.
//   kl_topk  (sparse, method 1; kl_topk_gate.hpp) and dselect (sparse, method 2;
//            dselect_gate.hpp) depend on the scenario only, not on x.
//
// Every gate also reports a regulariser added to the training loss (undefined when it has none).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/layers/embedding.hpp"
#include "nn/module.hpp"

namespace simrec::algorithms::adascene {

enum class GatingKind { Softmax, KlTopK, DSelect };
const char* gating_name(GatingKind g);
// Throws std::invalid_argument naming the allowed names.
GatingKind parse_gating(const std::string& name);
inline const std::vector<std::string> kGatingNames{"softmax", "kl_topk", "dselect"};

struct GateOutput {
  nn::Tensor weights;      // [B, n]
  nn::Tensor regulariser;  // scalar, or undefined
};

class ScenarioGate : public nn::Module {
 public:
  // keys: B scenario keys in [0, S); x [B, D] (read by input-dependent gates only).
  virtual GateOutput forward(const std::vector<std::int64_t>& keys, const nn::Tensor& x) const = 0;
  virtual std::int64_t n_experts() const = 0;
};

class SoftmaxScenarioGate : public ScenarioGate {
 public:
  SoftmaxScenarioGate(std::int64_t num_scenarios, std::int64_t in_features, std::int64_t n_experts);
  GateOutput forward(const std::vector<std::int64_t>& keys, const nn::Tensor& x) const override;
  std::int64_t n_experts() const override { return n_; }

 private:
  std::int64_t in_, n_;
  nn::Embedding table_;
};

// The distinct keys of a batch in first-seen order, and each row's position among them.
struct KeyIndex {
  std::vector<std::int64_t> unique;
  std::vector<std::int64_t> position;  // per row
};
KeyIndex index_keys(const std::vector<std::int64_t>& keys);

}  // namespace simrec::algorithms::adascene
