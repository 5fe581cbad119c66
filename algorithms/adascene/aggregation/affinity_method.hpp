#pragma once
// The interface of the three stage-1 affinity methods (lookahead_affinity.hpp,
// gradient_regulation.hpp, meta_weights.hpp): stage_one.cpp trains the AffinityProbe on the plain
// loss and calls observe() on every step; a method may return an extra gradient on the expert
// layer E (the gradient-regulation term), and finally hands the S x S affinity a[i * S + j]
// ("how much scenario i and scenario j belong together", i -> j; the diagonal is not used).

#include <cstdint>
#include <vector>

#include "algorithms/adascene/aggregation/affinity_probe.hpp"
#include "algorithms/adascene/aggregation/pair_table.hpp"

namespace simrec::algorithms::adascene::aggregation {

class AffinityMethod {
 public:
  virtual ~AffinityMethod() = default;
  // Step `step` (0-based) on `batch`, at the probe's current weights; returns an extra gradient
  // on E (length probe.expert_size()) or an empty vector.
  virtual std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) = 0;
  // Called once after the last step (a method that accumulates over steps flushes here).
  virtual void finish() {}
  // The dense affinity, S x S row-major.
  virtual std::vector<double> affinity() const = 0;
  // Scenario pairs with at least one observation (for the cost reports).
  virtual std::size_t pairs_observed() const = 0;
  // S x S: whether (i, j) was ever observed (a mini-batch never met pairs are unknown, not
  // "affinity 0": the partition leaves them out, partition.hpp).
  virtual std::vector<bool> observed() const = 0;
};

// Row softmax over the listed columns of logits(i, .) (absent cells count as logit 0).
std::vector<double> softmax_over(const PairTable& logits, std::uint32_t i, const std::vector<std::uint32_t>& columns);

// Dense S x S matrix of the per-row softmax over all j != i (include_self: over all j) of a
// logit table, absent cells at logit 0: what the learned-weight methods report.
std::vector<double> dense_row_softmax(const PairTable& logits, bool include_self);

// observed() of a pair table.
std::vector<bool> observed_pairs(const PairTable& table);

double squared_distance(const std::vector<float>& a, const std::vector<float>& b);
double dot(const std::vector<float>& a, const std::vector<float>& b);
double squared_distance(const std::vector<double>& a, const std::vector<double>& b);
double dot(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace simrec::algorithms::adascene::aggregation
