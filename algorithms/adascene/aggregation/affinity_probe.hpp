#pragma once
// The stage-1 network of scene aggregation (SPEC §6, article 004 §3 "scene aggregation"): a small
// multi-scenario model whose one shared expert layer E is what the affinity methods differentiate.
// Shape letters: B batch rows, D = sum of field embedding widths, H the expert width, S raw
// scenarios.
//
//   x      = field embeddings (multitask/input_layer.hpp, the context fields included)   [B, D]
//   E      : h = relu(x W^T + b), W [H, D], b [H]   -- the shared expert layer ("expert_weight", "expert_bias")
//   head_s : logit = h . (u + delta_s) + c_s         -- per-scenario task head: u [H] shared,
//            delta [S, H] and c [S, 1] per scenario, delta and c start at 0 so every scenario
//            starts with the same head and drifts apart only through its own rows.
//
// L_s(W, b) = mean BCE over the rows of scenario s in a batch, the heads and embeddings held fixed
// (what TAG calls "task heads unchanged"). grad_E L_s is the gradient w.r.t. the flattened
// (W, b), the layout [W row-major, b]. Only rows of s enter L_s, so the gradients of every
// scenario present in a batch cost one pass over the batch together: O(B D H) per step.
// The embeddings are computed once per batch and detached for the per-scenario quantities.
//
// Dropped fields (constructor argument `dropped`, one flag per field; empty = none): a dropped
// field reads bucket 0 of a one-bucket embedding for every row, i.e. a learned constant that
// carries no information (stage_one.hpp, StageOneOptions::inputs).

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/multitask/input_layer.hpp"
#include "datasets/ad_samples.hpp"
#include "nn/layers/embedding.hpp"
#include "nn/module.hpp"

namespace simrec::algorithms::adascene::aggregation {

// One mini-batch as the affinity methods see it.
struct ProbeBatch {
  nn::Tensor x;                                   // [B, D], detached embeddings
  std::vector<std::int64_t> keys;                 // [B] raw scenario ids
  std::vector<float> y;                           // [B] clicks
  std::vector<std::uint32_t> present;             // distinct scenarios of the batch, ascending
  std::vector<std::vector<std::int64_t>> rows_of; // per present scenario: its batch rows
  std::size_t size() const { return keys.size(); }
};

class AffinityProbe : public nn::Module {
 public:
  AffinityProbe(const std::vector<std::uint32_t>& field_buckets, std::uint32_t num_scenarios, std::int64_t embedding_dim,
                std::int64_t expert_width, std::vector<bool> dropped = {});

  // The batch's embeddings with history (for the training loss) and its ProbeBatch (detached).
  nn::Tensor embed(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key, std::span<const std::size_t> rows,
                   ProbeBatch& batch) const;
  // Logits [B'] of x rows `rows` (all rows when empty) with expert weights (W, b) and the heads.
  nn::Tensor logits(const nn::Tensor& x, const std::vector<std::int64_t>& keys, const nn::Tensor& W, const nn::Tensor& b,
                    bool heads_with_grad) const;

  const nn::Tensor& W() const { return W_; }
  const nn::Tensor& b() const { return b_; }
  std::int64_t expert_size() const { return W_.numel() + b_.numel(); }  // length of a flat grad_E

  // grad_E L_s for present scenario number k of the batch at expert weights `flat` (layout above).
  std::vector<float> scenario_gradient(const ProbeBatch& batch, std::size_t k, const std::vector<float>& flat) const;
  // L_s for every present scenario (batch.present order) at expert weights `flat`.
  std::vector<double> scenario_losses(const ProbeBatch& batch, const std::vector<float>& flat) const;
  // The current expert weights, flattened.
  std::vector<float> expert_flat() const;

 private:
  std::pair<nn::Tensor, nn::Tensor> unflatten(const std::vector<float>& flat) const;
  static std::vector<std::uint32_t> kept_buckets(std::vector<std::uint32_t> buckets, const std::vector<bool>& dropped);
  std::uint32_t num_scenarios_;
  std::vector<bool> dropped_;
  multitask::InputLayer input_;
  nn::Tensor W_, b_, u_;
  nn::Embedding delta_, c_;
};

}  // namespace simrec::algorithms::adascene::aggregation
