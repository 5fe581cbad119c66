#pragma once
// Seeded initial factors for the factorization baselines: entry (r, d) ~ N(0, std^2) from the
// Philox stream `stream` at entity r (draw d), so the values depend only on (seed, stream, r).
#include <string_view>

#include "algorithms/factorization/als_solver.hpp"
#include "sim/random/distributions.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::factorization {

inline Factors random_factors(std::size_t rows, std::size_t k, double std, std::uint64_t seed, std::string_view stream) {
  Factors f(rows, k);
  for (std::size_t r = 0; r < rows; ++r) {
    random::Rng rng(seed, stream, r);
    for (std::size_t d = 0; d < k; ++d) f.row(r)[d] = random::normal(rng, 0.0, std);
  }
  return f;
}

}  // namespace simrec::algorithms::factorization
