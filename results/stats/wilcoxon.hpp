#pragma once
// Wilcoxon signed-rank test on paired samples, two-sided.
//
// d_i = b_i - a_i. Zero differences are DROPPED before ranking (Wilcoxon's original convention,
// scipy's zero_method="wilcox"): a pair with no difference carries no sign, so n below counts the
// non-zero differences only. The |d_i| are ranked 1..n; tied |d_i| (exactly equal) share the mean
// of their ranks (midranks).
//   W+ = sum of ranks of positive d_i,  W- = sum of ranks of negative d_i,  W+ + W- = n(n+1)/2
//   statistic = min(W+, W-)
//
// p-value:
//   n <= 25 (kExactMaxPairs): exact. Under H0 each rank's sign is + or - with probability 1/2,
//     independently; the distribution of W+ over all 2^n sign patterns is counted by dynamic
//     programming over the doubled (integer) midranks, so it is exact with ties too (the
//     conditional permutation distribution). p = min(1, 2 P(W+ <= min(W+, W-))), using the
//     symmetry of that distribution around n(n+1)/4.
//   n > 25: normal approximation without continuity correction (scipy's default), with the tie
//     correction of the variance:
//       mu = n(n+1)/4,  sigma^2 = n(n+1)(2n+1)/24 - sum_over_tie_groups (t^3 - t)/48
//       z = (W+ - mu) / sigma,  p = 2 (1 - Phi(|z|))
//   n = 0 (no pairs, or every difference is zero): p = 1 — no evidence of any difference.
//
// With n pairs and no ties the smallest attainable exact two-sided p is 2 / 2^n, so n <= 5
// seeds can never reach p < 0.05 (n = 5: 0.0625); the paired t-test can.

#include <cstddef>
#include <span>

namespace simrec::stats {

inline constexpr std::size_t kExactMaxPairs = 25;

enum class WilcoxonMethod { none, exact, normal };

struct WilcoxonResult {
  std::size_t n_pairs = 0;  // all pairs
  std::size_t n_zero = 0;   // pairs with d = 0 (dropped)
  std::size_t n_used = 0;   // n above: non-zero differences
  double w_plus = 0, w_minus = 0;
  double statistic = 0;  // min(W+, W-)
  double z = 0;          // normal method only
  double p_value = 1;
  WilcoxonMethod method = WilcoxonMethod::none;
};

// a and b must have the same length (std::invalid_argument otherwise).
WilcoxonResult wilcoxon_signed_rank(std::span<const double> a, std::span<const double> b);
WilcoxonResult wilcoxon_signed_rank(std::span<const double> differences);

}  // namespace simrec::stats
