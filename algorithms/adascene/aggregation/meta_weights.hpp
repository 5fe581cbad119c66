#pragma once
// Meta-weight affinity (SPEC §6, article 004 §3): learned asymmetric weights w_ij of how much
// scenario j's loss helps scenario i, w_i. = softmax(a_i.) over all scenarios (the diagonal
// included: "i helps itself" is the reference a helper has to beat), learned by a one-step
// look-ahead meta-gradient on the shared expert layer E:
//
//   theta'_i = theta_E - eta sum_j w_ij g_j,   g_j = grad_E L_j(theta_E)
//   d L_i(theta'_i) / d w_ij = -eta h_i . g_j,  h_i = grad_E L_i(theta'_i)
//   d / d a_ij = w_ij (m_ij - sum_k w_ik m_ik),  m_ij = -eta h_i . g_j
//
// (heads and embeddings unchanged; the probe itself trains on the plain loss). The affinity is the
// learned weights of the other scenarios: a(i -> j) = w_ij / (1 - w_ii) for j != i, i.e. the
// softmax over j != i of the final logits (never-updated logits stay at 0): the self weight
// dominates every row once trained (a scenario's own gradient helps it most), so the share of the
// rest is what tells helpers apart.
// Mini-batch approximation as in gradient_regulation.hpp: on a step, only the scenarios present
// (K) take part, w_i. is the softmax over them, and the logits step by affinity_lr x the gradient
// divided by the batch's mean |m_ij| (a scale-free step size). L_i(theta'_i) is measured on the
// same batch rows that gave g (no separate meta split: the rows of a scenario in one batch are few).
//
// Accumulated mode (window W > 0, gradient_window.hpp): every measured step only adds each present
// scenario's gradient g to the window; at the end of every window of W measured steps (and of
// training) the logits of every pair seen in the window take one step of the rule above on the
// window means G, with w_i. the softmax over the window's scenarios and h_i taken to first order
// in eta, h_i = grad_E L_i(theta'_i) ~ G_i (the window's rows are past batches, on which
// L_i(theta'_i) cannot be re-evaluated), so m_ij = -eta G_i . G_j: the same inner products as the
// accumulated look-ahead, turned into weights through the softmax and the self reference. With
// centre = true, G are the centred means.
//
// Cost per measured step, K scenarios, B rows, E of D x H: 2 per-scenario gradient passes
// (O(B D H) each) + K mixtures sum_j w_ij g_j and K^2 dot products (O(K^2 D H)): per scenario pair
// O(D H + B D H / K^2).

#include "algorithms/adascene/aggregation/affinity_method.hpp"
#include "algorithms/adascene/aggregation/gradient_window.hpp"

namespace simrec::algorithms::adascene::aggregation {

struct MetaWeightOptions {
  double step_size = 0.1;    // eta of the inner look-ahead step
  double affinity_lr = 0.5;  // step size on the logits a (after the scale normalisation)
  std::int64_t interval = 1;
  std::int64_t window = 0;  // 0: a logit step per measured batch; W > 0: per window of W measured steps
  bool centre = false;      // accumulated mode: gradients minus their row-weighted mean
  PairLimit limit = {};             // which pairs affinity() keeps (sparse_affinity.hpp)
};

class MetaWeights : public AffinityMethod {
 public:
  MetaWeights(std::uint32_t num_scenarios, MetaWeightOptions options) : logits_(num_scenarios), o_(options) {}
  std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) override;
  void finish() override { flush(); }
  SparseAffinity affinity() const override { return sparse_row_softmax(logits_, o_.limit); }
  std::size_t pairs_observed() const override { return logits_.size(); }

 private:
  // One logit step on m (K x K, m_ij = -eta h_i . g_j) for the scenarios `ids`, at weights w.
  void logit_step(const std::vector<std::uint32_t>& ids, const std::vector<double>& w, const std::vector<double>& m);
  void flush();  // accumulated mode: the window's logit step, then a fresh window

  PairTable logits_;
  MetaWeightOptions o_;
  GradientWindow window_;
};

}  // namespace simrec::algorithms::adascene::aggregation
