#include "results/stats/ari_permutation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "results/metrics/clustering.hpp"
#include "sim/random/philox.hpp"

namespace simrec::stats {

AriPermutationResult ari_permutation_test(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                                          std::span<const double> weights, const AriPermutationOptions& o) {
  if (o.permutations == 0) throw std::invalid_argument("ari_permutation_test: permutations must be >= 1");
  const std::vector<double> ones(weights.empty() ? a.size() : 0, 1.0);
  const std::span<const double> w = weights.empty() ? std::span<const double>(ones) : weights;
  AriPermutationResult r;
  r.observed = metrics::adjusted_rand_index(a, b, w);  // checks lengths and emptiness
  const random::Key key = random::stream_key(o.seed, "stats/ari_permutation");
  std::vector<std::int64_t> shuffled(a.begin(), a.end());
  double sum = 0, sum2 = 0;
  std::size_t at_least = 0;
  for (std::size_t p = 0; p < o.permutations; ++p) {
    random::Rng rng(key, p);
    shuffled.assign(a.begin(), a.end());
    for (std::size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[rng.below(i)]);
    const double v = metrics::adjusted_rand_index(shuffled, b, w);
    sum += v;
    sum2 += v * v;
    at_least += v >= r.observed;
  }
  const double P = double(o.permutations);
  r.null_mean = sum / P;
  r.null_sd = P > 1 ? std::sqrt(std::max(0.0, (sum2 - P * r.null_mean * r.null_mean) / (P - 1))) : 0.0;
  r.z = r.null_sd > 0 ? (r.observed - r.null_mean) / r.null_sd : 0.0;
  r.p_value = (1.0 + double(at_least)) / (1.0 + P);
  return r;
}

}  // namespace simrec::stats
