#include "results/metrics/classification.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

namespace {
// AUC of the examples listed in `idx` (indices into labels / scores); NaN if one class is absent.
double auc_of(std::vector<std::size_t>& idx, std::span<const float> labels,
              std::span<const float> scores) {
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return scores[a] < scores[b] || (scores[a] == scores[b] && a < b);
  });
  double rank_sum_pos = 0, positives = 0;
  std::size_t i = 0;
  while (i < idx.size()) {
    std::size_t j = i;
    while (j < idx.size() && scores[idx[j]] == scores[idx[i]]) ++j;
    const double avg_rank = 0.5 * double(i + 1 + j);  // ranks i+1 .. j, averaged
    for (std::size_t t = i; t < j; ++t)
      if (labels[idx[t]] > 0.5f) {
        rank_sum_pos += avg_rank;
        positives += 1;
      }
    i = j;
  }
  const double negatives = double(idx.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nan("");
  return (rank_sum_pos - positives * (positives + 1) / 2) / (positives * negatives);
}
}  // namespace

double auc(std::span<const float> labels, std::span<const float> scores) {
  detail::check_same_length("auc", labels.size(), scores.size());
  std::vector<std::size_t> idx(labels.size());
  std::iota(idx.begin(), idx.end(), 0);
  const double a = auc_of(idx, labels, scores);
  if (std::isnan(a)) throw std::invalid_argument("auc: needs both positive and negative labels");
  return a;
}

double gauc(std::span<const std::int64_t> groups, std::span<const float> labels,
            std::span<const float> scores) {
  detail::check_same_length("gauc", groups.size(), labels.size());
  detail::check_same_length("gauc", labels.size(), scores.size());
  std::vector<std::size_t> order(groups.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return groups[a] < groups[b]; });
  double weighted = 0, weight = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j < order.size() && groups[order[j]] == groups[order[i]]) ++j;
    std::vector<std::size_t> idx(order.begin() + i, order.begin() + j);
    const double a = auc_of(idx, labels, scores);
    if (!std::isnan(a)) {
      weighted += double(j - i) * a;
      weight += double(j - i);
    }
    i = j;
  }
  if (weight == 0) throw std::invalid_argument("gauc: no group has both positive and negative labels");
  return weighted / weight;
}

double log_loss(std::span<const float> labels, std::span<const float> probs) {
  detail::check_same_length("log_loss", labels.size(), probs.size());
  detail::check_nonempty("log_loss", labels.size());
  constexpr double eps = 1e-15;
  double acc = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double p = std::clamp(double(probs[i]), eps, 1 - eps);
    const double y = labels[i];
    acc -= y * std::log(p) + (1 - y) * std::log(1 - p);
  }
  return acc / double(labels.size());
}

}  // namespace simrec::metrics
