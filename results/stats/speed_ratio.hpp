#pragma once
// Speed comparison as a ratio with its spread (SPEC §5 "Statistics"), e.g. fit_seconds of a
// candidate over a baseline. Timings are noisy and skewed, so the centre is a ratio of medians:
//
//   ratio = median(candidate) / median(baseline)          (> 1: the candidate is slower)
//   range = [ min(candidate) / max(baseline), max(candidate) / min(baseline) ]
//           the most extreme ratios any candidate/baseline pairing shows
//   ci    = percentile bootstrap (bootstrap.hpp) 95% interval of the ratio of medians, the two
//           samples resampled independently (timings are not paired: seeds do not make two
//           programs equally fast), B = 10000, Philox stream "stats/speed_ratio", fixed seed.
//
// Empty samples, or a baseline median <= 0, give NaN everywhere (a ratio is meaningless).

#include <span>

#include "results/stats/bootstrap.hpp"

namespace simrec::stats {

struct SpeedRatio {
  double candidate_median = 0, baseline_median = 0;
  double ratio = 0;
  ConfidenceInterval range;
  ConfidenceInterval ci;
};

SpeedRatio speed_ratio(std::span<const double> candidate, std::span<const double> baseline,
                       const BootstrapOptions& options = {});

}  // namespace simrec::stats
