#include "sim/random/distributions.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace simrec::random {

double normal_quantile(double p) {
  // Wichura, "Algorithm AS 241: The percentage points of the normal distribution", 1988 (PPND16).
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
                45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
             133.14166789178437745) * r + 3.387132872796366608) /
           (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
                21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
             42.313330701600911252) * r + 1.0);
  }
  double r = q < 0 ? p : 1.0 - p;
  r = std::sqrt(-std::log(r));
  double x;
  if (r <= 5.0) {
    r -= 1.6;
    x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
             1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
          4.6303378461565452959) * r + 1.42343711074968357734) /
        (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
             0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
          2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5.0;
    x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
             0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
          5.4637849111641143699) * r + 6.6579046435011037772) /
        (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
             7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
          0.59983220655588793769) * r + 1.0);
  }
  return q < 0 ? -x : x;
}

double standard_normal(Rng& rng) { return normal_quantile(rng.uniform()); }

double log_normal(Rng& rng, double mu, double sigma) { return std::exp(mu + sigma * standard_normal(rng)); }

double exponential(Rng& rng, double rate) { return -std::log(rng.uniform()) / rate; }

double gamma(Rng& rng, double shape, double scale) {
  assert(shape > 0 && scale > 0);
  if (shape < 1.0) {
    // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double g = gamma(rng, shape + 1.0, 1.0);
    return scale * g * std::pow(rng.uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return scale * d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return scale * d * v;
  }
}

double beta(Rng& rng, double a, double b) {
  const double x = gamma(rng, a);
  const double y = gamma(rng, b);
  return x / (x + y);
}

std::uint64_t poisson(Rng& rng, double mean) {
  assert(mean >= 0);
  if (mean <= 0) return 0;
  if (mean < 12.0) {
    const double limit = std::exp(-mean);
    double product = rng.uniform();
    std::uint64_t k = 0;
    while (product > limit) {
      ++k;
      product *= rng.uniform();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann, "The transformed rejection method for
  // generating Poisson random variables", 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return std::uint64_t(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - std::lgamma(k + 1))
      return std::uint64_t(k);
  }
}

std::uint64_t geometric(Rng& rng, double success_prob) {
  assert(success_prob > 0 && success_prob <= 1);
  if (success_prob >= 1.0) return 0;
  return std::uint64_t(std::floor(std::log(rng.uniform()) / std::log1p(-success_prob)));
}

double gumbel(Rng& rng) { return -std::log(-std::log(rng.uniform())); }

std::size_t categorical_linear(Rng& rng, std::span<const double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0);
  double target = rng.uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    target -= weights[i];
    if (target < 0) return i;
  }
  // Rounding left a sliver: return the last index with positive weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0) return i;
  return 0;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

}  // namespace simrec::random
