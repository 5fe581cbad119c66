#include "sim/random/zipf.hpp"

#include <cassert>
#include <cmath>

namespace simrec::random {

std::vector<double> zipf_weights(std::size_t n, double exponent) {
  std::vector<double> w(n);
  double total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    w[k] = std::pow(double(k + 1), -exponent);
    total += w[k];
  }
  for (double& x : w) x /= total;
  return w;
}

namespace {
// log1p(x) / x and expm1(x) / x with their Taylor series near 0 (Apache Commons RNG helpers).
double helper1(double x) { return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x)); }
double helper2(double x) { return std::fabs(x) > 1e-8 ? std::expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x)); }
}  // namespace

ZipfSampler::ZipfSampler(std::uint64_t n, double exponent) : n_(n), s_(exponent) {
  assert(n >= 1 && exponent >= 0);
  if (s_ > 0) {
    h_integral_x1_ = h_integral(1.5) - 1.0;
    h_integral_n_ = h_integral(double(n_) + 0.5);
    s_norm_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }
}

double ZipfSampler::h(double x) const { return std::exp(-s_ * std::log(x)); }

// H(x) = (x^(1-s) - 1) / (1 - s), continuous at s = 1 (log x).
double ZipfSampler::h_integral(double x) const {
  const double log_x = std::log(x);
  return helper2((1.0 - s_) * log_x) * log_x;
}

double ZipfSampler::h_integral_inverse(double x) const {
  double t = x * (1.0 - s_);
  if (t < -1.0) t = -1.0;  // rounding guard: H^-1 is only defined for t >= -1
  return std::exp(helper1(t) * x);
}

std::uint64_t ZipfSampler::sample(Rng& rng) const {
  if (s_ == 0) return 1 + rng.below(n_);
  for (;;) {
    const double u = h_integral_n_ + rng.uniform() * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(u);
    double kd = std::floor(x + 0.5);
    if (kd < 1) kd = 1;
    if (kd > double(n_)) kd = double(n_);
    if (kd - x <= s_norm_ || u >= h_integral(kd + 0.5) - h(kd)) return std::uint64_t(kd);
  }
}

double fit_zipf_exponent(std::span<const double> counts_by_rank, std::size_t first_rank, std::size_t last_rank) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  std::size_t m = 0;
  for (std::size_t r = first_rank; r <= last_rank && r <= counts_by_rank.size(); ++r) {
    const double c = counts_by_rank[r - 1];
    if (c <= 0) continue;
    const double x = std::log(double(r)), y = std::log(c);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    ++m;
  }
  if (m < 2) return 0;
  const double slope = (double(m) * sxy - sx * sy) / (double(m) * sxx - sx * sx);
  return -slope;
}

}  // namespace simrec::random
