#pragma once
// Gradient regulation affinity (SPEC §6, article 004 §3): the stage-1 objective gains
//
//   R = lambda sum_i sum_{j != i} S_ij ||g_i - g_j||^2,   g_s = grad_E L_s,   S_i. = softmax(s_i.)
//
// with learned logits s (one row per scenario, the diagonal excluded). Minimising R over S moves
// row i's mass to the scenarios whose expert-layer gradients are closest to i's; minimising it over
// E pulls the gradients of scenarios that S ties together towards each other. The affinity is the
// learned S: a(i -> j) = softmax over all j' != i of s_ij' (logits never updated stay at 0).
//
// Mini-batch approximation: on a step with scenarios P present (K = |P|), R is evaluated over the
// pairs in P only, with S_i. renormalised over P \ {i} (the softmax restricted to the batch):
//   ds_ij = lambda S_ij (d_ij - sum_k S_ik d_ik),   d_ij = ||g_i - g_j||^2, i, j in P,
// and the logits take a step of size affinity_lr on ds / mean_{i != j in P} d_ij (the division makes
// the step independent of the gradients' scale, which shrinks by orders of magnitude over
// training; it is a per-batch step size, not a change of the objective's minimiser).
// The E part of R's gradient needs Hessian-vector products (the engine has no double backward):
//   grad_E R = 2 lambda sum_i H_i v_i,   v_i = sum_{j != i} (S_ij + S_ji) (g_i - g_j),
// H_i the Hessian of L_i w.r.t. E, each H_i v_i by a central difference of gradients along v_i:
//   H_i v ~ ||v|| (grad_E L_i(E + eps v / ||v||) - grad_E L_i(E - eps v / ||v||)) / (2 eps),
// eps = 1e-3. Heads and embeddings see only the loss (R's gradient w.r.t. them is not taken).
// Measured every `interval` steps (R's E-gradient is applied on those steps only).
//
// Accumulated mode (window W > 0, gradient_window.hpp): the logits learn from the window means
// instead of one batch's gradients. Every measured step adds each present scenario's gradient to
// the window (and still applies R's E-gradient with the current S restricted to the batch, as
// above); at the end of every window of W measured steps (and of training) the logits of every
// pair seen in the window take one step of the rule above with d_ij = ||G_i - G_j||^2 over the
// window's scenarios (S_i. the softmax over them), in place of one step per batch. With a window
// covering all of stage 1 and logits starting at 0 this is a single step, so row i's affinity is
// softmax_j(-c (d_ij - mean_k d_ik) / mean d): a monotone transform of how close the scenarios'
// mean gradients are. (Centring the means, as the look-ahead can, would not change a distance.)
//
// Cost per measured step, K scenarios in a batch of B rows, E of D x H: 3 per-scenario gradient
// passes (O(B D H) each, all K scenarios together) + K^2 distances O(K^2 D H): per scenario pair
// O(D H + B D H / K^2); the logit table holds the pairs that co-occurred, at most min(S^2, steps
// x K^2) cells.

#include "algorithms/adascene/aggregation/affinity_method.hpp"
#include "algorithms/adascene/aggregation/gradient_window.hpp"

namespace simrec::algorithms::adascene::aggregation {

struct GradientRegulationOptions {
  double lambda = 0.1;       // weight of R in the objective
  double affinity_lr = 0.5;  // step size on the logits s (after the scale normalisation above)
  std::int64_t interval = 1;
  std::int64_t window = 0;  // 0: a logit step per measured batch; W > 0: per window of W measured steps
  PairLimit limit = {};             // which pairs affinity() keeps (sparse_affinity.hpp)
};

class GradientRegulation : public AffinityMethod {
 public:
  GradientRegulation(std::uint32_t num_scenarios, GradientRegulationOptions options) : logits_(num_scenarios), o_(options) {}
  std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) override;
  void finish() override { flush(); }
  SparseAffinity affinity() const override { return sparse_row_softmax(logits_, o_.limit); }
  std::size_t pairs_observed() const override { return logits_.size(); }

 private:
  // One logit step on the squared distances d (K x K) between the scenarios `ids`.
  void logit_step(const std::vector<std::uint32_t>& ids, const std::vector<double>& d);
  void flush();  // accumulated mode: the window's logit step, then a fresh window

  PairTable logits_;
  GradientRegulationOptions o_;
  GradientWindow window_;
};

}  // namespace simrec::algorithms::adascene::aggregation
