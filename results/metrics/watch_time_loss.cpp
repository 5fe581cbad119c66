#include "results/metrics/watch_time_loss.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

double weighted_per_user_loss(std::span<const std::int64_t> pages, std::span<const float> clicked,
                              std::span<const float> watch_seconds, std::span<const float> scores) {
  const char* name = "weighted_per_user_loss";
  detail::check_same_length(name, pages.size(), clicked.size());
  detail::check_same_length(name, pages.size(), watch_seconds.size());
  detail::check_same_length(name, pages.size(), scores.size());
  std::vector<std::size_t> order(pages.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return pages[a] < pages[b]; });
  double wrong = 0, total = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j < order.size() && pages[order[j]] == pages[order[i]]) ++j;
    // Negatives' scores sorted once; each positive counts those above / equal by binary search.
    std::vector<float> neg;
    for (std::size_t t = i; t < j; ++t)
      if (clicked[order[t]] <= 0.5f) neg.push_back(scores[order[t]]);
    std::sort(neg.begin(), neg.end());
    for (std::size_t t = i; t < j && !neg.empty(); ++t) {
      const std::size_t e = order[t];
      if (clicked[e] <= 0.5f) continue;
      const double w = watch_seconds[e];
      const auto lo = std::lower_bound(neg.begin(), neg.end(), scores[e]);
      const auto hi = std::upper_bound(neg.begin(), neg.end(), scores[e]);
      const double above = double(neg.end() - hi), ties = double(hi - lo);
      wrong += w * (above + 0.5 * ties);
      total += w * double(neg.size());
    }
    i = j;
  }
  if (total <= 0) throw std::invalid_argument("weighted_per_user_loss: no (positive, negative) pair with watch time");
  return wrong / total;
}

}  // namespace simrec::metrics
