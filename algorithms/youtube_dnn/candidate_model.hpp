#pragma once
// The YouTube candidate-generation network (SPEC §6; article 000 §3.2, fig. 3).
//
//   x = concat(mean_watch_emb [E], mean_token_emb [E], region_emb [C], device_emb [C], reals)
//       (only the enabled feature groups, features.hpp)
//   u = tower(x) [D]:   depth 0: u = W x + b (linear, the factorization-like model)
//                       depth d >= 1: d ReLU layers of widths D 2^(d-1), ..., 2D, D
//                       (D = 256: 256 / 512-256 / 1024-512-256 / 2048-1024-512-256)
//   logit_j = u . v_j (+ c_j with output_bias), v = output embeddings [V, D]
// The output table is separate from the input watch table unless tied (then E must equal D and
// one table serves both). Parameters (init): watch_embedding [V, E], token_embedding [T, E],
// region_embedding [R, C], device_embedding [M, C] — N(0, embedding_init_std^2), default 1/dim —
// output_embedding [V, D] — N(0, 1/D) — all with row-sparse gradients, output_bias [V] (zeros),
// tower.*: He (Kaiming) uniform weights, variance 2 / fan_in, zero biases (he_init, the default),
// which keeps the per-user variation of u at initialisation through a deep ReLU tower; PyTorch's
// Linear default (variance 1 / (3 fan_in)) shrinks it by ~6x per layer, so deep towers start from
// an almost constant u and first learn popularity.
// Ids >= the table's rows (the out-of-vocabulary bucket) read a zero vector.

#include <cstdint>
#include <memory>
#include <vector>

#include "algorithms/youtube_dnn/features.hpp"
#include "nn/layers/mlp.hpp"
#include "nn/module.hpp"

namespace simrec::algorithms::youtube_dnn {

struct ModelShape {
  FeatureSet features;
  std::int64_t videos = 0;    // V
  std::int64_t tokens = 0;    // T
  std::int64_t regions = 0, devices = 0;
  std::int64_t embedding_dim = 64;  // E
  std::int64_t context_dim = 8;     // C
  std::int64_t output_dim = 256;    // D
  int depth = 0;                    // 0..4
  bool tied = false;
  bool output_bias = false;
  bool he_init = true;               // tower weights U(-sqrt(6/fan_in), +): variance 2/fan_in (else PyTorch's 1/(3 fan_in))
  double embedding_init_std = 0.0;   // input tables N(0, std^2); 0: 1/sqrt(dim)
};

// {in, D 2^(d-1), ..., D} (depth >= 1) or {in, D} (depth 0).
std::vector<std::int64_t> tower_widths(std::int64_t in, int depth, std::int64_t output_dim);

class CandidateModel : public nn::Module {
 public:
  explicit CandidateModel(const ModelShape& shape);

  // [B, D] user vectors of a batch.
  nn::Tensor user_vectors(const InputBatch& batch) const;
  const nn::Tensor& output_table() const { return shape_.tied ? watch_table_ : output_table_; }
  const nn::Tensor& output_bias() const { return output_bias_; }  // undefined without bias
  const ModelShape& shape() const { return shape_; }
  std::int64_t input_width() const;

 private:
  ModelShape shape_;
  nn::Tensor watch_table_, token_table_, region_table_, device_table_, output_table_, output_bias_;
  std::unique_ptr<nn::MLP> tower_;
};

}  // namespace simrec::algorithms::youtube_dnn
