#include "sim/random/alias_table.hpp"

#include <cassert>

namespace simrec::random {

double alias_build(std::span<const double> weights, std::span<float> prob, std::span<std::uint32_t> alias) {
  const std::size_t n = weights.size();
  assert(prob.size() == n && alias.size() == n);
  double total = 0;
  for (double w : weights) {
    assert(w >= 0);
    total += w;
  }
  if (n == 0 || total <= 0) {
    for (std::size_t i = 0; i < n; ++i) {
      prob[i] = 0;
      alias[i] = std::uint32_t(i);
    }
    return total;
  }
  // Scaled weights p_i = n w_i / W; columns with p < 1 are "small" and get topped up by a "large".
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  small.reserve(n);
  large.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * double(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(std::uint32_t(i));
  }
  std::size_t s = 0, l = 0;
  while (s < small.size() && l < large.size()) {
    const std::uint32_t lo = small[s++];
    const std::uint32_t hi = large[l];
    prob[lo] = float(scaled[lo]);
    alias[lo] = hi;
    scaled[hi] = (scaled[hi] + scaled[lo]) - 1.0;
    if (scaled[hi] < 1.0) {
      ++l;
      small.push_back(hi);
    }
  }
  // Leftovers are 1 up to rounding.
  for (; l < large.size(); ++l) {
    prob[large[l]] = 1.0f;
    alias[large[l]] = large[l];
  }
  for (; s < small.size(); ++s) {
    prob[small[s]] = 1.0f;
    alias[small[s]] = small[s];
  }
  return total;
}

AliasTable::AliasTable(std::span<const double> weights) : prob_(weights.size()), alias_(weights.size()) {
  total_ = alias_build(weights, prob_, alias_);
}

}  // namespace simrec::random
