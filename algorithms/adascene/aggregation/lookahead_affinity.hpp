#pragma once
// Lookahead (TAG, "task affinity grouping", Fifty et al. 2021) affinity between scenarios, from
// the shared expert layer E of the AffinityProbe:
//
//   a(i -> j) = 1 - L_j(theta_E - eta grad_E L_i(theta_E)) / L_j(theta_E)
//
// with the task heads and embeddings unchanged, L_s the batch's mean BCE over scenario s's rows
// (affinity_probe.hpp) and eta = step_size (a plain SGD look-ahead step, not the optimizer's).
// a > 0: a step for i lowers j's loss (i helps j); a < 0: it raises it. Every `interval` steps,
// for every ordered pair (i, j) of scenarios present in the batch (the mini-batch approximation:
// pairs that never meet in a batch are never measured and get affinity 0), and the reported
// affinity is the mean of a(i -> j) over the steps that measured it.
//
// Cost per measured step with K scenarios in a batch of B rows, E of D x H: K per-scenario
// gradients (together one pass, O(B D H)) + K look-ahead losses, each a forward over the batch
// (O(B D H)): O(K B D H) per step, i.e. O(B D H / K) per scenario pair measured. Over training
// the pairs measured grow with the pairs that co-occur: at most min(K^2, S^2) per step, so with S
// scenarios and a fixed batch the per-step cost stops growing once K saturates at min(S, B),
// while covering all S^2 pairs needs O(S^2 / K^2) measured steps.

#include "algorithms/adascene/aggregation/affinity_method.hpp"

namespace simrec::algorithms::adascene::aggregation {

struct LookaheadOptions {
  std::int64_t interval = 4;  // measure every `interval` steps
  double step_size = 0.1;     // eta
};

class LookaheadAffinity : public AffinityMethod {
 public:
  LookaheadAffinity(std::uint32_t num_scenarios, LookaheadOptions options) : table_(num_scenarios), o_(options) {}
  std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) override;
  std::vector<double> affinity() const override;
  std::size_t pairs_observed() const override { return table_.size(); }
  std::vector<bool> observed() const override { return observed_pairs(table_); }

 private:
  PairTable table_;  // value: sum of a(i -> j), count: measurements
  LookaheadOptions o_;
};

}  // namespace simrec::algorithms::adascene::aggregation
