#include "results/metrics/diversity.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::metrics {

double distinct_n(std::span<const std::uint32_t> tokens, std::span<const std::size_t> offsets, int n) {
  if (n < 1) throw std::invalid_argument("distinct_n: n = " + std::to_string(n) + " is out of range: allowed n >= 1");
  if (offsets.empty() || offsets.back() != tokens.size())
    throw std::invalid_argument("distinct_n: offsets must start at 0 and end at the number of tokens");
  // Every n-gram as a vector key; sort + unique keeps the count independent of any hashing.
  std::vector<std::vector<std::uint32_t>> grams;
  for (std::size_t s = 0; s + 1 < offsets.size(); ++s) {
    if (offsets[s] > offsets[s + 1]) throw std::invalid_argument("distinct_n: offsets must be non-decreasing");
    for (std::size_t i = offsets[s]; i + std::size_t(n) <= offsets[s + 1]; ++i)
      grams.emplace_back(tokens.begin() + std::ptrdiff_t(i), tokens.begin() + std::ptrdiff_t(i) + n);
  }
  if (grams.empty()) return 0.0;
  const double total = double(grams.size());
  std::sort(grams.begin(), grams.end());
  const auto unique = std::unique(grams.begin(), grams.end()) - grams.begin();
  return double(unique) / total;
}

}  // namespace simrec::metrics
