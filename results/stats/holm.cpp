#include "results/stats/holm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace simrec::stats {

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<double> adjusted(p.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    if (p[i] < 0 || p[i] > 1) throw std::invalid_argument("holm_adjust: p-value " + std::to_string(p[i]) + " outside [0, 1]");
    order.push_back(i);
  }
  // Ties by index, so equal p-values get the same adjusted value whatever the sort does.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  const double m = double(order.size());
  double running = 0;
  for (std::size_t j = 0; j < order.size(); ++j) {
    running = std::max(running, std::min(1.0, (m - double(j)) * p[order[j]]));
    adjusted[order[j]] = running;
  }
  return adjusted;
}

}  // namespace simrec::stats
