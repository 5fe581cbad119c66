#pragma once
// Everything compare and report print about one paired comparison of two samples matched by seed
// (SPEC §5: seeds are common random numbers, so comparisons are paired):
//   d_i = b_i - a_i  (b = the variant or run under study, a = its reference)
//   mean_a, mean_b over the pairs; the paired t-test (paired_t_test.hpp), the Wilcoxon signed-rank
//   test (wilcoxon.hpp) and the percentile bootstrap CI of mean(d) (bootstrap.hpp).

#include <span>

#include "results/stats/bootstrap.hpp"
#include "results/stats/paired_t_test.hpp"
#include "results/stats/wilcoxon.hpp"

namespace simrec::stats {

struct PairedComparison {
  std::size_t n = 0;
  double mean_a = 0, mean_b = 0;
  double mean_difference = 0;  // mean(d), exactly 0 when every pair is identical
  TTestResult t_test;
  WilcoxonResult wilcoxon;
  ConfidenceInterval ci;  // bootstrap, 95%
};

inline constexpr double kSignificanceLevel = 0.05;

PairedComparison compare_paired(std::span<const double> a, std::span<const double> b,
                                const BootstrapOptions& options = {});

}  // namespace simrec::stats
