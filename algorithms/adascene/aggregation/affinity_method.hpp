#pragma once
// The interface of the three stage-1 affinity methods (lookahead_affinity.hpp,
// gradient_regulation.hpp, meta_weights.hpp): stage_one.cpp trains the AffinityProbe on the plain
// loss and calls observe() on every step; a method may return an extra gradient on the expert
// layer E (the gradient-regulation term), and finally hands the affinity a(i -> j) ("how much
// scenario i and scenario j belong together") of the measured pairs, as a SparseAffinity
// (sparse_affinity.hpp) limited as the method's PairLimit says.

#include <cstdint>
#include <vector>

#include "algorithms/adascene/aggregation/affinity_probe.hpp"
#include "algorithms/adascene/aggregation/pair_table.hpp"
#include "algorithms/adascene/aggregation/sparse_affinity.hpp"

namespace simrec::algorithms::adascene::aggregation {

class AffinityMethod {
 public:
  virtual ~AffinityMethod() = default;
  // Step `step` (0-based) on `batch`, at the probe's current weights; returns an extra gradient
  // on E (length probe.expert_size()) or an empty vector.
  virtual std::vector<float> observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) = 0;
  // Called once after the last step (a method that accumulates over steps flushes here).
  virtual void finish() {}
  // The measured pairs (pairs a mini-batch never met are unknown, not "affinity 0": the
  // partition leaves them out, partition.hpp).
  virtual SparseAffinity affinity() const = 0;
  // Ordered scenario pairs with at least one observation so far (for the cost reports).
  virtual std::size_t pairs_observed() const = 0;
};

// Row softmax over the listed columns of logits(i, .) (absent cells count as logit 0).
std::vector<double> softmax_over(const PairTable& logits, std::uint32_t i, const std::vector<std::uint32_t>& columns);

// The per-row softmax over all j != i of a logit table (absent cells at logit 0), at the cells the
// table holds: what the learned-weight methods report.
SparseAffinity sparse_row_softmax(const PairTable& logits, const PairLimit& limit);

// The mean value / count of each cell of a table of sums.
SparseAffinity sparse_cell_means(const PairTable& sums, const PairLimit& limit);

double squared_distance(const std::vector<float>& a, const std::vector<float>& b);
double dot(const std::vector<float>& a, const std::vector<float>& b);
double squared_distance(const std::vector<double>& a, const std::vector<double>& b);
double dot(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace simrec::algorithms::adascene::aggregation
