#pragma once
// Descriptive statistics of a sample x_1..x_n (seeds of one variant, timings, bootstrap means).
//
//   mean(x)        = (1/n) sum_i x_i                         (NaN when n = 0)
//   sample_std(x)  = sqrt( sum_i (x_i - mean)^2 / (n - 1) )   (Bessel-corrected; NaN when n < 2)
//   quantile(x, q) = linear interpolation between order statistics ("type 7", numpy's default):
//                    h = (n - 1) q, x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h))
//                    with x_(0) <= ... <= x_(n-1); NaN when n = 0; q in [0, 1]
//   median(x)      = quantile(x, 0.5)
//
// Sums run in index order (no pairwise or parallel reduction), so results are reproducible.

#include <span>

namespace simrec::stats {

double mean(std::span<const double> x);
double sample_std(std::span<const double> x);
double quantile(std::span<const double> x, double q);
double median(std::span<const double> x);

}  // namespace simrec::stats
