#include "sim/random/gumbel_top_k.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/random/distributions.hpp"

namespace simrec::random {

void gumbel_top_k(std::span<const double> log_weights, std::size_t k, Rng& rng, std::vector<std::uint32_t>& out) {
  out.clear();
  const std::size_t n = log_weights.size();
  thread_local std::vector<std::pair<double, std::uint32_t>> keys;
  keys.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const double g = gumbel(rng);  // drawn for every item so the stream position is weight-independent
    if (log_weights[i] == -std::numeric_limits<double>::infinity()) continue;
    keys.emplace_back(log_weights[i] + g, std::uint32_t(i));
  }
  const std::size_t take = std::min(k, keys.size());
  // Ties (probability zero) broken by index so the order is a total order.
  auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  std::partial_sort(keys.begin(), keys.begin() + std::ptrdiff_t(take), keys.end(), better);
  for (std::size_t i = 0; i < take; ++i) out.push_back(keys[i].second);
}

void plackett_luce_propensities(std::span<const double> log_weights, std::span<const std::uint32_t> ranking,
                                std::vector<double>& out) {
  out.clear();
  double max_lw = -std::numeric_limits<double>::infinity();
  for (double lw : log_weights) max_lw = std::max(max_lw, lw);
  double remaining = 0;
  for (double lw : log_weights) remaining += std::exp(lw - max_lw);
  for (std::uint32_t idx : ranking) {
    const double w = std::exp(log_weights[idx] - max_lw);
    out.push_back(remaining > 0 ? w / remaining : 1.0);
    remaining -= w;
    if (remaining < 0) remaining = 0;
  }
}

void plackett_luce_sample(std::span<const double> weights, std::size_t k, Rng& rng, std::vector<std::uint32_t>& order,
                          std::vector<double>& propensities) {
  order.clear();
  propensities.clear();
  thread_local std::vector<double> w;
  w.assign(weights.begin(), weights.end());
  double remaining = 0;
  for (double x : w) remaining += x;
  for (std::size_t step = 0; step < k; ++step) {
    if (!(remaining > 0)) break;
    double target = rng.uniform() * remaining;
    std::size_t pick = w.size();
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i] <= 0) continue;
      pick = i;
      target -= w[i];
      if (target < 0) break;
    }
    if (pick == w.size()) break;  // only rounding mass was left
    order.push_back(std::uint32_t(pick));
    propensities.push_back(w[pick] / remaining);
    remaining -= w[pick];
    w[pick] = 0;
  }
}

}  // namespace simrec::random
