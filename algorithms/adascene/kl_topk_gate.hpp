#pragma once
// KL top-k gate (SPEC §6, sparse experts method 1; article 004 §2.1 "方法一"): a learned scenario x
// expert affinity matrix, the k most similar experts per scenario, weights renormalised over them.
// Shape letters: S scenario keys, U distinct keys of a batch, n experts, p profile width.
//
//   profiles     scenario s: P_s = softmax(u_s), u_s a row of "scenario_profile.weight" [S, p];
//                expert e:   Q_e = softmax(v_e), v_e a row of "expert_profile" [n, p]
//   affinity     M[s, e] = -KL(P_s || Q_e) = -sum_j P_s(j) (log P_s(j) - log Q_e(j))   (S x n; <= 0)
//   selection    K_s = the k largest M[s, .] (ties: lower expert first); not differentiable
//   weights      a_s(e) = exp(M[s, e] / tau) / sum_{e' in K_s} exp(M[s, e'] / tau) for e in K_s,
//                else 0: the softmax renormalised over the chosen k (gradients reach the chosen
//                experts' and the scenario's profiles).
//
// Why profiles rather than a free S x n matrix: a KL needs two distributions on one support; with a
// free matrix the only candidates (each row against a point mass on e) rank experts exactly like
// the raw row, so "KL" would add nothing. Profiles give a real divergence, and scenarios with little
// traffic share the experts' learned profiles. Initialisation N(0, 1) for both (distinct profiles
// from the start, so the top-k differ across scenarios). No regulariser. The gate does not read x.

#include <cstdint>
#include <vector>

#include "algorithms/adascene/scenario_gate.hpp"

namespace simrec::algorithms::adascene {

struct KlTopKOptions {
  std::int64_t n_experts = 8, k = 2;
  std::int64_t profile_dim = 8;
  double temperature = 0.25;
};

class KlTopKGate : public ScenarioGate {
 public:
  // Throws std::invalid_argument unless 1 <= k <= n, profile_dim >= 2, temperature > 0.
  KlTopKGate(std::int64_t num_scenarios, KlTopKOptions options);
  GateOutput forward(const std::vector<std::int64_t>& keys, const nn::Tensor& x) const override;
  std::int64_t n_experts() const override { return o_.n_experts; }

  // M [U, n] for the given keys, and the weights a [U, n].
  nn::Tensor affinity(const std::vector<std::int64_t>& unique_keys) const;
  nn::Tensor weights(const nn::Tensor& affinity) const;

 private:
  KlTopKOptions o_;
  nn::Embedding scenario_profile_;
  nn::Tensor expert_profile_;
};

}  // namespace simrec::algorithms::adascene
