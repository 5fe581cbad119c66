#pragma once
// Continuous and discrete distributions drawn from an Rng (philox.hpp). Every function consumes a
// fixed, documented number of draws where possible so streams stay easy to reason about; the
// rejection samplers (gamma, Poisson for large means) consume a variable number, which is still
// deterministic because each entity owns its stream.
//
//   standard_normal   inverse CDF of one 53-bit uniform (Wichura's AS241, relative error ~1e-16):
//                     one 64-bit draw per value, no cached state, fast in the central region
//   log_normal        exp(mu + sigma * N(0,1))
//   exponential       -log(U) / rate
//   gamma             Marsaglia-Tsang (2000); shape < 1 via gamma(shape + 1) * U^(1/shape)
//   beta              X / (X + Y), X ~ gamma(a), Y ~ gamma(b)
//   poisson           Knuth's product method for mean < 12, else Hormann's PTRS (1993)
//   geometric         failures before the first success, P(k) = (1 - p)^k p
//   gumbel            -log(-log U): argmax(log w + G) ~ Categorical(w)

#include <cmath>
#include <cstdint>
#include <span>

#include "sim/random/philox.hpp"

namespace simrec::random {

double standard_normal(Rng& rng);
// Phi^-1(p) for p in (0, 1) (AS241 PPND16).
double normal_quantile(double p);
inline double normal(Rng& rng, double mean, double sd) { return mean + sd * standard_normal(rng); }
double log_normal(Rng& rng, double mu, double sigma);
double exponential(Rng& rng, double rate);
double gamma(Rng& rng, double shape, double scale = 1.0);
double beta(Rng& rng, double a, double b);
// Beta parameterised by its mean m in (0, 1) and concentration k = a + b > 0.
inline double beta_mean_concentration(Rng& rng, double mean, double concentration) {
  return beta(rng, mean * concentration, (1.0 - mean) * concentration);
}
std::uint64_t poisson(Rng& rng, double mean);
std::uint64_t geometric(Rng& rng, double success_prob);
inline bool bernoulli(Rng& rng, double p) { return rng.uniform() < p; }
double gumbel(Rng& rng);
inline double uniform_range(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform(); }

// Index drawn with probability weights[i] / sum(weights) by a linear scan (small supports:
// genres, slates). Weights must be >= 0 with a positive sum.
std::size_t categorical_linear(Rng& rng, std::span<const double> weights);

// Standard normal CDF and the logistic function, shared by the behaviour model and its tests.
double normal_cdf(double x);
inline double sigmoid(double x) { return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x)); }

}  // namespace simrec::random
