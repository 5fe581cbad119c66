#pragma once
// What stage 1 hands to the partition (partition.hpp): the measured scenario pairs, without an
// S x S matrix. At 20,000 scenarios a dense affinity is 3.2 GB of doubles and the partition only
// needs the pairs that end up as edges.
//
// For every unordered pair {i, j} (i < j) measured in at least one direction the affinity has
// a(i -> j) and / or a(j -> i); the partition's edge weight is the symmetrised value
//   sym_ij = mean of the measured ones of a(i -> j), a(j -> i)
// minus `centre`, the mean of sym over the pairs used (below).
//
// Which pairs are used (PairLimit): with an empty head, every measured pair (the graph equals the
// dense one of the same values). With a head (the scenarios the partition merges first,
// partition.hpp; at most partition_merge_limit of the most trafficked ones): every pair between two
// head scenarios; for each scenario outside the head only its `neighbours` pairs with head
// scenarios of the largest |sym - centre| (strong evidence either way, so a group is not built
// from positive pairs alone; ties: the smaller partner id); pairs between two scenarios outside the
// head are not used. Memory O(head^2 + S neighbours) whatever the number of pairs offered.
//
// PairCollector builds one from a stream of pairs (a bounded heap per scenario outside the head).
// The centre is summed in the order the pairs are offered (deterministic when the caller's order
// is); with a head the selection needs it in advance: the caller passes the mean of a first pass.

#include <cstdint>
#include <vector>

namespace simrec::algorithms::adascene::aggregation {

struct AffinityPair {
  std::uint32_t i = 0, j = 0;  // i < j
  double ij = 0, ji = 0;       // a(i -> j), a(j -> i)
  bool has_ij = false, has_ji = false;
  double sym() const { return has_ij && has_ji ? (ij + ji) / 2 : has_ij ? ij : ji; }
};

struct PairLimit {
  std::vector<bool> head;        // per scenario, or empty: no limit
  std::uint32_t neighbours = 64; // pairs with the head kept per scenario outside it (>= 1)
  bool limited() const { return !head.empty(); }
  // Whether the pair is used at all (some end in the head, or no limit).
  bool uses(std::uint32_t i, std::uint32_t j) const { return head.empty() || head[i] || head[j]; }
};

struct SparseAffinity {
  std::uint32_t num_scenarios = 0;
  std::vector<AffinityPair> pairs;  // kept pairs, ascending (i, j)
  double centre = 0;                   // mean sym over the pairs used (also those not kept)
  std::uint64_t measured_pairs = 0;    // unordered pairs used
  std::uint64_t measured_ordered = 0;  // ordered pairs (i -> j) among them

  // S x S row-major a(i -> j), 0 where not kept or not measured (for small S: tests, run files).
  std::vector<double> dense() const;
  // S x S: whether a(i -> j) is kept.
  std::vector<bool> kept() const;
};

class PairCollector {
 public:
  // centre: the mean sym of the pairs that will be offered (used only with a head).
  PairCollector(std::uint32_t num_scenarios, PairLimit limit = {}, double centre = 0);
  // One unordered pair (i != j, in either order), each pair at most once; pairs the limit does not
  // use are ignored.
  void add(std::uint32_t i, std::uint32_t j, double a_ij, bool has_ij, double a_ji, bool has_ji);
  SparseAffinity take();
  // A collector that only sums the centre and stores nothing (the first pass of collect_pairs).
  void centre_only() { centre_only_ = true; }
  double centre() const { return measured_ > 0 ? sum_ / double(measured_) : 0.0; }

 private:
  void offer(std::uint32_t owner, const AffinityPair& p);

  std::uint32_t n_;
  PairLimit limit_;
  double centre_;
  double sum_ = 0;
  std::uint64_t measured_ = 0, ordered_ = 0;
  bool centre_only_ = false;
  std::vector<AffinityPair> pairs_;               // every pair kept outright
  std::vector<std::vector<AffinityPair>> heaps_;  // with a head: per tail scenario, its best pairs (worst on top)
};

// The affinity of a dense S x S matrix (row-major, diagonal ignored); `measured` (S x S, or
// empty: all measured) marks the measured entries.
SparseAffinity sparse_from_dense(const std::vector<double>& a, std::uint32_t n, const std::vector<bool>& measured = {},
                                 const PairLimit& limit = {});

// Offers the pairs `each(add)` enumerates to a collector: with a head in two passes (the first
// sums the centre), otherwise in one. `each` calls add(i, j, a_ij, has_ij, a_ji, has_ji) in a fixed order.
template <class Each>
SparseAffinity collect_pairs(std::uint32_t num_scenarios, const PairLimit& limit, Each&& each) {
  double centre = 0;
  if (limit.limited()) {
    PairCollector first(num_scenarios, limit);
    first.centre_only();
    each([&](std::uint32_t i, std::uint32_t j, double a_ij, bool has_ij, double a_ji, bool has_ji) { first.add(i, j, a_ij, has_ij, a_ji, has_ji); });
    centre = first.centre();
  }
  PairCollector out(num_scenarios, limit, centre);
  each([&](std::uint32_t i, std::uint32_t j, double a_ij, bool has_ij, double a_ji, bool has_ji) { out.add(i, j, a_ij, has_ij, a_ji, has_ji); });
  return out.take();
}

}  // namespace simrec::algorithms::adascene::aggregation
