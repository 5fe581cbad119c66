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
//
// Accumulated mode (window W > 0, gradient_window.hpp): the per-batch a(i -> j) is the product of
// two gradients of a few rows each, and averaging M such products lowers its variance only as
// 1 / M. With W > 0 the measured steps instead accumulate each scenario's row-weighted gradient and
// loss over W steps (G_i, L_i), and at the end of every window (and of training) every pair of
// scenarios seen in the window gets the first-order look-ahead
//   a(i -> j) = eta G_i . G_j / L_j       (= 1 - L_j(theta - eta G_i) / L_j(theta) to first order)
// -- the variance of a product of two W-step means falls as 1 / W^2, and pairs never met in a
// batch are measured too. centre = true: G_s minus the window's row-weighted mean gradient.
// cosine = true: a(i -> j) = G_i . G_j / (|G_i| |G_j|) instead (symmetric; a zero gradient gives 0):
// only the directions count, not the |G_j| / L_j scale of the first-order look-ahead (added to test
// whether that scale made hub scenarios at 20,000 scenarios; it did not: README-adascene,
// "Table 4 at 20,000 scenarios").
// Cost per window: the K gradients of every measured step (as above, without the look-ahead
// forwards) plus O(S_W^2 P) for the S_W scenarios seen and P = H (D + 1) expert weights (the inner
// products by blocks of double GEMM, gradient_window.hpp); memory S_W P doubles.
// One window over all of stage 1 (the window still open at finish(), nothing flushed before)
// streams its pairs straight into the SparseAffinity (collect_pairs; with a head only the pairs
// with a head end are computed, O(S head P), and O(head^2 + S neighbours) kept) instead of the
// pair table, so S = 20,000 scenarios fit; the table holds windows of at most kMaxTableWindow
// scenarios.

#include "algorithms/adascene/aggregation/affinity_method.hpp"
#include "algorithms/adascene/aggregation/gradient_window.hpp"

#include <optional>

namespace simrec::algorithms::adascene::aggregation {

struct LookaheadOptions {
  std::int64_t interval = 4;  // measure every `interval` steps
  double step_size = 0.1;     // eta
  std::int64_t window = 0;    // 0: per-batch look-ahead; W > 0: accumulated first-order mode over W steps
  bool centre = false;        // accumulated mode: inner products of gradients minus their row-weighted mean
  PairLimit limit = {};          // which pairs affinity() keeps (sparse_affinity.hpp)
  bool cosine = false;        // accumulated mode: the cosine of the window means instead
};

class LookaheadAffinity : public AffinityMethod {
 public:
  LookaheadAffinity(std::uint32_t num_scenarios, LookaheadOptions options) : table_(num_scenarios), o_(options) {}
  std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) override;
  void finish() override { flush(true); }
  SparseAffinity affinity() const override;
  std::size_t pairs_observed() const override { return streamed_ ? streamed_->measured_ordered : table_.size(); }

 private:
  // Accumulated mode: the window's pairs into table_ (or, for the only window, at finish, into
  // streamed_), then a fresh window.
  void flush(bool last);

  PairTable table_;  // value: sum of a(i -> j), count: measurements
  LookaheadOptions o_;
  GradientWindow window_;  // accumulated mode
  std::optional<SparseAffinity> streamed_;
};

}  // namespace simrec::algorithms::adascene::aggregation
