#pragma once
// Small ad worlds for the ad-world tests: ~100k impressions, generated in well under a second.

#include <vector>

#include "sim/ads/ad_generator.hpp"
#include "sim/ads/ad_world.hpp"

namespace simrec::sim::ads::testing {

inline AdWorldConfig small_ad_config(std::int64_t users = 4000) {
  AdWorldConfig c;
  c.num_users = users;
  c.num_days = 7;
  c.num_ads = 5000;
  c.num_merchants = 500;
  return c;
}

inline std::vector<AdEvent> generate_all(const AdWorld& world) {
  AdVectorSink sink;
  generate_ad_events(world, &sink);
  return std::move(sink.events);
}

// Area under the ROC curve of `score` for binary `label` (ties count one half).
inline double auc(const std::vector<double>& score, const std::vector<std::uint8_t>& label) {
  std::vector<std::size_t> order(score.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  double rank_sum = 0, positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && score[order[j]] == score[order[i]]) ++j;
    const double mid_rank = 0.5 * double(i + 1 + j);
    for (std::size_t k = i; k < j; ++k)
      if (label[order[k]]) rank_sum += mid_rank, positives += 1;
    i = j;
  }
  const double negatives = double(score.size()) - positives;
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace simrec::sim::ads::testing
