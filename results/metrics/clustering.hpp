#pragma once
// Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985):
//   ARI = (sum_ij C(n_ij, 2) - E) / (0.5 (sum_i C(a_i, 2) + sum_j C(b_j, 2)) - E),
//   E = sum_i C(a_i, 2) sum_j C(b_j, 2) / C(n, 2),
// n_ij the contingency table, a_i / b_j its row / column sums. 1 for identical partitions (up to
// relabelling), about 0 for independent ones. When both partitions are trivial (all one cluster,
// or all singletons) the denominator is 0 and the index is defined as 1 (as scikit-learn does).

#include <cstdint>
#include <span>
#include <vector>

namespace simrec::metrics {

double adjusted_rand_index(std::span<const std::int64_t> a, std::span<const std::int64_t> b);

// Weighted: item i counts weights[i] times (weights >= 0; e.g. a scenario's training rows), i.e.
// the index over the items repeated that often, without materialising them (the counts n_ij, a_i,
// b_j and n are sums of weights). Equal to the unweighted index when every weight is 1.
double adjusted_rand_index(std::span<const std::int64_t> a, std::span<const std::int64_t> b, std::span<const double> weights);

}  // namespace simrec::metrics
