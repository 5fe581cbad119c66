#pragma once
// Is an adjusted Rand index above chance? ARI is about 0 for independent partitions, but with few
// items, few groups or very unequal item weights (a scenario weighted by its traffic) the spread of
// chance values is wide, so "ARI = 0.28" alone does not say whether a grouping found anything.
//
// Permutation test of the observed ARI(a, b; w) (results/metrics/clustering.hpp, weighted):
//   for p = 0..P-1:  pi_p = a uniform permutation of the items (Fisher-Yates on Philox entity p of
//                    the stream "stats/ari_permutation" under a fixed seed),
//                    null_p = ARI(a o pi_p, b; w)
// -- a's labels shuffled among the items (the same groups and group sizes in items, assigned
// independently of b), b and the weights staying with their items. Reported: the null mean and
// standard deviation, z = (observed - mean) / sd, and the one-sided p-value
//   p = (1 + #{p : null_p >= observed}) / (1 + P),
// which never reaches 0 (its floor is 1 / (1 + P)). A pure function of (a, b, w, P, seed).

#include <cstddef>
#include <cstdint>
#include <span>

namespace simrec::stats {

inline constexpr std::size_t kAriPermutations = 1000;
inline constexpr std::uint64_t kAriPermutationSeed = 20261130;

struct AriPermutationOptions {
  std::size_t permutations = kAriPermutations;
  std::uint64_t seed = kAriPermutationSeed;
};

struct AriPermutationResult {
  double observed = 0;
  double null_mean = 0, null_sd = 0;
  double z = 0;  // (observed - null_mean) / null_sd; 0 when the null has no spread
  double p_value = 1;
};

// a, b: labels per item; weights: per item (>= 0), or empty for 1 each. Throws
// std::invalid_argument on length mismatches, no items or permutations = 0.
AriPermutationResult ari_permutation_test(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                                          std::span<const double> weights = {}, const AriPermutationOptions& options = {});

}  // namespace simrec::stats
