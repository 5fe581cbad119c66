#include "results/metrics/clustering.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>
#include <utility>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

namespace {
double pairs(double n) { return n * (n - 1) / 2; }
}  // namespace

double adjusted_rand_index(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  return adjusted_rand_index(a, b, std::vector<double>(a.size(), 1.0));
}

double adjusted_rand_index(std::span<const std::int64_t> a, std::span<const std::int64_t> b, std::span<const double> weights) {
  detail::check_same_length("adjusted_rand_index", a.size(), b.size());
  detail::check_same_length("adjusted_rand_index", a.size(), weights.size());
  detail::check_nonempty("adjusted_rand_index", a.size());
  std::map<std::pair<std::int64_t, std::int64_t>, double> cell;
  std::map<std::int64_t, double> rows, cols;
  double n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!(weights[i] >= 0)) throw std::invalid_argument("adjusted_rand_index: weight " + std::to_string(weights[i]) + " < 0 at item " + std::to_string(i));
    cell[{a[i], b[i]}] += weights[i];
    rows[a[i]] += weights[i];
    cols[b[i]] += weights[i];
    n += weights[i];
  }
  if (n < 2) return 1.0;  // at most one item: both partitions are the same trivial one
  double index = 0, sum_a = 0, sum_b = 0;
  for (const auto& [key, c] : cell) index += pairs(c);
  for (const auto& [key, c] : rows) sum_a += pairs(c);
  for (const auto& [key, c] : cols) sum_b += pairs(c);
  const double expected = sum_a * sum_b / pairs(n);
  const double max_index = 0.5 * (sum_a + sum_b);
  if (max_index == expected) return 1.0;
  return (index - expected) / (max_index - expected);
}

}  // namespace simrec::metrics
