#include "results/stats/bootstrap.hpp"

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/stats/summary.hpp"
#include "sim/random/philox.hpp"

namespace simrec::stats {

ConfidenceInterval bootstrap_mean_ci(std::span<const double> x, const BootstrapOptions& o) {
  if (!(o.confidence > 0 && o.confidence < 1))
    throw std::invalid_argument(std::string("bootstrap_mean_ci: confidence must be in (0, 1), got ") + std::to_string(o.confidence));
  if (o.resamples == 0) throw std::invalid_argument("bootstrap_mean_ci: resamples must be >= 1");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (x.empty()) return {kNaN, kNaN};
  bool all_equal = true;
  for (double v : x) all_equal = all_equal && v == x[0];
  if (all_equal) return {x[0], x[0]};

  const random::Key key = random::stream_key(o.seed, "stats/bootstrap");
  const std::size_t n = x.size();
  std::vector<double> means(o.resamples);
  for (std::size_t b = 0; b < o.resamples; ++b) {
    random::Rng rng(key, b);
    double sum = 0;
    for (std::size_t k = 0; k < n; ++k) sum += x[rng.below(n)];
    means[b] = sum / double(n);
  }
  const double alpha = 1 - o.confidence;
  return {quantile(means, alpha / 2), quantile(means, 1 - alpha / 2)};
}

}  // namespace simrec::stats
