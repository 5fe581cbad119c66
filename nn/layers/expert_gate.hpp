#pragma once
// Expert and gate blocks of the multi-task / multi-scenario models (MMoE, CGC/PLE, MFH,
// AdaScene). Shape letters: B batch, n experts, d expert output width.
//
//   Experts:  n independent MLP experts on the same input; x [B, in] -> [B, n, d] (expert i's
//             output at [:, i, :]). Children "0" .. "n-1", each an MLP with the given options,
//             except that expert i's dropout seed is mixed from options.dropout_seed and i, so
//             the experts draw different masks. forward(x, step) as for MLP.
//   Gate:     g(x) = softmax(W x [+ b]) over the n experts; x [B, in] -> [B, n], rows sum to 1.
//             Parameters "weight" [n, in] (and "bias" [n] when asked; MMoE's formula has none),
//             initialised like Linear.
//   mix(e, g) = sum_i g[b, i] e[b, i, :]: e [B, n, d], g [B, n] -> [B, d] (one batched matmul,
//             [B, 1, n] x [B, n, d]).

#include <memory>
#include <vector>

#include "nn/layers/mlp.hpp"
#include "nn/module.hpp"

namespace simrec::nn {

class Experts : public Module {
 public:
  // widths as for MLP: {in, h1, ..., d}.
  Experts(std::int64_t n_experts, std::vector<std::int64_t> widths, MLPOptions options = {});

  Tensor forward(const Tensor& x) const;
  Tensor forward(const Tensor& x, std::uint64_t step) const;
  Tensor operator()(const Tensor& x) const { return forward(x); }
  Tensor operator()(const Tensor& x, std::uint64_t step) const { return forward(x, step); }

  std::int64_t n_experts() const { return std::int64_t(experts_.size()); }
  std::int64_t in_features() const { return experts_.front()->in_features(); }
  std::int64_t out_features() const { return experts_.front()->out_features(); }
  const MLP& expert(std::size_t i) const { return *experts_.at(i); }

 private:
  Tensor run(const Tensor& x, const std::uint64_t* step) const;
  std::vector<std::unique_ptr<MLP>> experts_;
};

class Gate : public Module {
 public:
  Gate(std::int64_t in_features, std::int64_t n_experts, bool bias = false);

  Tensor forward(const Tensor& x) const;
  Tensor operator()(const Tensor& x) const { return forward(x); }

  std::int64_t n_experts() const { return n_; }
  const Tensor& weight() const { return weight_; }
  const Tensor& bias() const { return bias_; }

 private:
  std::int64_t in_, n_;
  Tensor weight_, bias_;
};

Tensor mix(const Tensor& experts_out, const Tensor& gate);

}  // namespace simrec::nn
