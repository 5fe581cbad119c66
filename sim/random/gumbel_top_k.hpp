#pragma once
// Plackett-Luce sampling without replacement by the Gumbel-top-k trick: with keys
// k_i = log w_i + G_i, G_i ~ Gumbel(0, 1) i.i.d., the indices of the k largest keys in decreasing
// order are a Plackett-Luce ranking of length k (Yellott 1977; Kool et al. 2019). One Gumbel draw
// per item, in item order, so the result depends only on the stream and the weights.
//
// plackett_luce_propensities gives, for a ranking o_1..o_k, the probability of each step:
//   p_j = w_{o_j} / sum_{i not in {o_1..o_{j-1}}} w_i,
// i.e. the logging propensity of placing item o_j at position j given the items above it.
//
// plackett_luce_sample draws from the same distribution sequentially (k uniforms instead of n
// Gumbels, cheaper for short slates over small candidate sets) and returns the step propensities.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/random/philox.hpp"

namespace simrec::random {

// Writes min(k, n) indices into `out` (cleared first), best first. Items with log weight -inf are
// never selected.
void gumbel_top_k(std::span<const double> log_weights, std::size_t k, Rng& rng, std::vector<std::uint32_t>& out);

void plackett_luce_propensities(std::span<const double> log_weights, std::span<const std::uint32_t> ranking,
                                std::vector<double>& out);

// Weights w_i >= 0 (not logs). Writes min(k, #positive weights) indices, best first, and their
// step propensities.
void plackett_luce_sample(std::span<const double> weights, std::size_t k, Rng& rng, std::vector<std::uint32_t>& order,
                          std::vector<double>& propensities);

}  // namespace simrec::random
