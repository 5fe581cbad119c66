#include "results/metrics/clustering.hpp"

#include <map>
#include <utility>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

namespace {
double pairs(double n) { return n * (n - 1) / 2; }
}  // namespace

double adjusted_rand_index(std::span<const std::int64_t> a, std::span<const std::int64_t> b) {
  detail::check_same_length("adjusted_rand_index", a.size(), b.size());
  detail::check_nonempty("adjusted_rand_index", a.size());
  if (a.size() < 2) return 1.0;  // one item: both partitions are the same trivial one
  std::map<std::pair<std::int64_t, std::int64_t>, double> cell;
  std::map<std::int64_t, double> rows, cols;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cell[{a[i], b[i]}] += 1;
    rows[a[i]] += 1;
    cols[b[i]] += 1;
  }
  double index = 0, sum_a = 0, sum_b = 0;
  for (const auto& [key, n] : cell) index += pairs(n);
  for (const auto& [key, n] : rows) sum_a += pairs(n);
  for (const auto& [key, n] : cols) sum_b += pairs(n);
  const double expected = sum_a * sum_b / pairs(double(a.size()));
  const double max_index = 0.5 * (sum_a + sum_b);
  if (max_index == expected) return 1.0;
  return (index - expected) / (max_index - expected);
}

}  // namespace simrec::metrics
