#include "scenarios/upload_age.hpp"

#include <algorithm>

#include "algorithms/common/shares.hpp"

namespace simrec::scenarios {

std::vector<double> video_upload_age_days(const sim::World& world, const datasets::VideoDatasets& data) {
  const auto keys = data.video_vocab.keys();
  std::vector<double> ages(keys.size());
  for (std::size_t j = 0; j < keys.size(); ++j)
    ages[j] = (data.t_max_seconds - world.catalog().video_upload_seconds[keys[j]]) / sim::kSecondsPerDay;
  return ages;
}

std::size_t upload_age_bucket(double age_days, const std::vector<double>& edges) {
  return std::size_t(std::lower_bound(edges.begin(), edges.end(), age_days) - edges.begin());
}

std::vector<double> upload_age_shares(const algorithms::RankedLists& lists, int k, const std::vector<double>& ages,
                                      const std::vector<double>& edges) {
  std::vector<double> counts(edges.size() + 1, 0.0);
  for (std::size_t q = 0; q + 1 < lists.offsets.size(); ++q) {
    const std::int64_t begin = lists.offsets[q];
    const std::int64_t end = k > 0 ? std::min(lists.offsets[q + 1], begin + k) : lists.offsets[q + 1];
    for (std::int64_t i = begin; i < end; ++i) {
      const std::int64_t j = lists.items[std::size_t(i)];
      if (j >= 0 && std::size_t(j) < ages.size()) counts[upload_age_bucket(ages[std::size_t(j)], edges)] += 1;
    }
  }
  return algorithms::to_shares(std::move(counts));
}

std::vector<double> label_upload_age_shares(const datasets::RetrievalSamples& queries, const std::vector<double>& ages,
                                            const std::vector<double>& edges) {
  std::vector<double> counts(edges.size() + 1, 0.0);
  for (std::uint32_t j : queries.label)
    if (j < ages.size()) counts[upload_age_bucket(ages[j], edges)] += 1;
  return algorithms::to_shares(std::move(counts));
}

}  // namespace simrec::scenarios
