#pragma once
// Percentile bootstrap confidence interval of a mean (used on paired differences d_i = b_i - a_i).
//
//   for b = 0..B-1:  draw n indices j_1..j_n uniformly from {0..n-1} with replacement,
//                    m_b = (1/n) sum_k d_{j_k}
//   CI = [ quantile(m, alpha/2), quantile(m, 1 - alpha/2) ],  alpha = 1 - confidence,
//   quantiles by linear interpolation (summary.hpp, type 7).
//
// B = 10000 by default. Randomness is Philox (sim/random/philox.hpp): resample b draws from
// entity b of the stream "stats/bootstrap" under a fixed seed, so the interval is a pure function
// of (d, B, confidence, seed): the same data always prints the same interval, on any machine.
//
// Degenerate cases: n = 0 -> [NaN, NaN]; all d_i equal (incl. n = 1) -> [d, d] exactly.
// With few pairs (n = 3 seeds) the interval is coarse — it can only take the values of means of
// 3 draws — and it tends to be narrower than the t interval; read it with the p-values.

#include <cstddef>
#include <cstdint>
#include <span>

namespace simrec::stats {

inline constexpr std::size_t kBootstrapResamples = 10000;
inline constexpr std::uint64_t kBootstrapSeed = 20240501;

struct BootstrapOptions {
  std::size_t resamples = kBootstrapResamples;
  double confidence = 0.95;
  std::uint64_t seed = kBootstrapSeed;
};

struct ConfidenceInterval {
  double low = 0, high = 0;
};

ConfidenceInterval bootstrap_mean_ci(std::span<const double> x, const BootstrapOptions& options = {});

}  // namespace simrec::stats
