#pragma once
// DSelect-k (Hazimeh et al., NeurIPS 2021; SPEC §6, sparse experts method 2): per scenario k
// single-expert selectors over n experts, each a differentiable binary code. Shape letters: S
// scenario keys, U distinct keys of a batch, k selectors, n experts, m = ceil(log2 n) bits.
//
//   smooth step  S(t) = 0 for t <= -gamma/2, 1 for t >= gamma/2,
//                else -2 t^3 / gamma^3 + 3 t / (2 gamma) + 1/2     (C1: S' = 0 at +-gamma/2;
//                gamma = 1: S(0.25) = 0.84375, S(-0.25) = 0.15625). Composed of clamp and
//                polynomial ops: the clamp's zero gradient outside matches S' = 0 there.
//   selector i   z_i in R^m: r_i(e) = prod_b (bit_b(e) ? S(z_ib) : 1 - S(z_ib)) for e < n;
//                over all 2^m codes the r_i(e) sum to 1, so sum_{e<n} r_i(e) = 1 when n = 2^m
//                and less otherwise (mass on codes without an expert).
//   weights      a(e) = sum_i softmax(w)_i r_i(e)  (sums to 1 when n = 2^m)
//   regulariser  entropy_weight x mean_U sum_i H(r_i),  H(r) = -sum_e r(e) log(r(e) + 1e-12),
//                pushing every selector to one expert; when n is not a power of two, plus
//                nonpower_weight x mean_U sum_i 1 / sum_e r_i(e) (minimal when no mass is lost).
//                Averaged over the batch's distinct keys U (so each scenario present counts once).
// Parameters: "z.weight" [S, k m] initialised U(-gamma/2, gamma/2) (every selector starts spread over the
// experts), "w.weight" [S, k] initialised N(0, 0.01^2); both tables take row-sparse gradients.
// The gate does not read x (the choice is the scenario's).

#include <cstdint>
#include <vector>

#include "algorithms/adascene/scenario_gate.hpp"

namespace simrec::algorithms::adascene {

nn::Tensor smooth_step(const nn::Tensor& t, double gamma);
// ceil(log2 n), 0 for n = 1.
std::int64_t code_bits(std::int64_t n);

struct DSelectOptions {
  std::int64_t n_experts = 8, k = 2;
  double gamma = 1.0;
  double entropy_weight = 1e-3;
  double nonpower_weight = 1e-3;
};

class DSelectGate : public ScenarioGate {
 public:
  // Throws std::invalid_argument unless 2 <= n, 1 <= k, gamma > 0.
  DSelectGate(std::int64_t num_scenarios, DSelectOptions options);
  GateOutput forward(const std::vector<std::int64_t>& keys, const nn::Tensor& x) const override;
  std::int64_t n_experts() const override { return o_.n_experts; }

  // For the given distinct keys: selector outputs r [U k, n] (row u k + i) and weights a [U, n].
  struct Selection {
    nn::Tensor r, a;
  };
  Selection select(const std::vector<std::int64_t>& unique_keys) const;
  // The regulariser above for a selection of U keys.
  nn::Tensor regulariser(const Selection& s, std::int64_t num_keys) const;

 private:
  DSelectOptions o_;
  std::int64_t m_;
  nn::Embedding z_, w_;
  std::vector<std::vector<std::int64_t>> bit_columns_;  // per bit b: column of [S | 1 - S] per expert
};

}  // namespace simrec::algorithms::adascene
