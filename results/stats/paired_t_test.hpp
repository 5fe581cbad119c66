#pragma once
// Paired (dependent-samples) Student t-test, two-sided.
//
// Pairs (a_i, b_i), i = 1..n (e.g. reference and variant with the same seed), d_i = b_i - a_i:
//   dbar = mean(d),  s_d = sample_std(d)  (n - 1 in the denominator)
//   t    = dbar / (s_d / sqrt(n)),  df = n - 1
//   p    = 2 * P(T_df >= |t|)       (Student's t distribution, Boost.Math)
//
// Degenerate cases, chosen so that identical runs read as "no difference":
//   n < 2               -> t = NaN, p = NaN (the test cannot be computed; callers print "n/a")
//   s_d = 0, dbar = 0   -> t = 0,   p = 1   (every pair is identical)
//   s_d = 0, dbar != 0  -> t = +-inf, p = 0 (every pair differs by the same non-zero amount;
//                          scipy.stats.ttest_rel gives the same)

#include <cstddef>
#include <span>

namespace simrec::stats {

struct TTestResult {
  std::size_t n = 0;
  double mean_difference = 0;  // dbar
  double std_difference = 0;   // s_d
  double t = 0;
  double df = 0;
  double p_value = 1;
};

// d = b - a; a and b must have the same length (std::invalid_argument otherwise).
TTestResult paired_t_test(std::span<const double> a, std::span<const double> b);

// The same test on differences given directly.
TTestResult one_sample_t_test(std::span<const double> differences);

}  // namespace simrec::stats
