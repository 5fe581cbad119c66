#pragma once
// Zipf's law over ranks 1..n: P(k) = k^-s / H(n, s), H(n, s) = sum_{j=1..n} j^-s.
//
// zipf_weights     the normalised probabilities, for alias tables and for assigning popularity
//                  by rank (base(v) = rank(v)^-s).
// ZipfSampler      rejection-inversion (Hormann & Derflinger, "Rejection-inversion to generate
//                  variates from monotone discrete distributions", 1996; the variant used by Apache
//                  Commons RNG): O(1) memory and expected O(1) time for any n, exponent s > 0;
//                  s = 0 is the uniform distribution. Returns a rank in [1, n].
// fit_zipf_exponent least-squares slope of log(count) on log(rank) over ranks [first, last]:
//                  the estimator the property tests use (counts <= 0 are skipped).

#include <cstdint>
#include <span>
#include <vector>

#include "sim/random/philox.hpp"

namespace simrec::random {

std::vector<double> zipf_weights(std::size_t n, double exponent);

class ZipfSampler {
 public:
  ZipfSampler(std::uint64_t n, double exponent);
  std::uint64_t sample(Rng& rng) const;
  std::uint64_t n() const { return n_; }
  double exponent() const { return s_; }

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  std::uint64_t n_;
  double s_;
  double h_integral_x1_ = 0, h_integral_n_ = 0, s_norm_ = 0;
};

// Fitted exponent s (positive for a decreasing law) from counts indexed by rank - 1.
double fit_zipf_exponent(std::span<const double> counts_by_rank, std::size_t first_rank, std::size_t last_rank);

}  // namespace simrec::random
