#include "results/stats/speed_ratio.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "results/stats/summary.hpp"
#include "sim/random/philox.hpp"

namespace simrec::stats {

namespace {
double resampled_median(std::span<const double> x, random::Rng& rng, std::vector<double>& scratch) {
  scratch.resize(x.size());
  for (auto& v : scratch) v = x[rng.below(x.size())];
  return median(scratch);
}
}  // namespace

SpeedRatio speed_ratio(std::span<const double> candidate, std::span<const double> baseline, const BootstrapOptions& o) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  SpeedRatio r;
  r.candidate_median = median(candidate);
  r.baseline_median = median(baseline);
  if (candidate.empty() || baseline.empty() || !(r.baseline_median > 0)) {
    r.ratio = kNaN;
    r.range = r.ci = {kNaN, kNaN};
    return r;
  }
  r.ratio = r.candidate_median / r.baseline_median;
  const auto [cmin, cmax] = std::minmax_element(candidate.begin(), candidate.end());
  const auto [bmin, bmax] = std::minmax_element(baseline.begin(), baseline.end());
  r.range = {*cmin / *bmax, *bmin > 0 ? *cmax / *bmin : std::numeric_limits<double>::infinity()};

  const random::Key key = random::stream_key(o.seed, "stats/speed_ratio");
  std::vector<double> ratios(o.resamples), scratch;
  for (std::size_t b = 0; b < o.resamples; ++b) {
    random::Rng rng(key, b);
    const double c = resampled_median(candidate, rng, scratch);
    const double m = resampled_median(baseline, rng, scratch);
    ratios[b] = m > 0 ? c / m : std::numeric_limits<double>::infinity();
  }
  const double alpha = 1 - o.confidence;
  r.ci = {quantile(ratios, alpha / 2), quantile(ratios, 1 - alpha / 2)};
  return r;
}

}  // namespace simrec::stats
