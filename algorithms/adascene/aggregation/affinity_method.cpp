#include "algorithms/adascene/aggregation/affinity_method.hpp"

#include <algorithm>
#include <cmath>

#include "algorithms/adascene/aggregation/pair_table.hpp"

namespace simrec::algorithms::adascene::aggregation {

std::vector<double> softmax_over(const PairTable& logits, std::uint32_t i, const std::vector<std::uint32_t>& columns) {
  std::vector<double> p(columns.size());
  double top = -1e300;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const PairTable::Cell* cell = logits.find(i, columns[c]);
    p[c] = cell ? cell->value : 0.0;
    top = std::max(top, p[c]);
  }
  double total = 0;
  for (double& v : p) total += (v = std::exp(v - top));
  for (double& v : p) v /= total;
  return p;
}

namespace {

// The table's cells as unordered pairs, ascending (lo, hi), each offered once with value(i, j, cell).
template <class F>
SparseAffinity table_pairs(const PairTable& table, const PairLimit& limit, F value) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> keys;
  keys.reserve(table.size());
  table.for_each([&](std::uint32_t i, std::uint32_t j, const PairTable::Cell& c) {
    if (i != j && c.count > 0) keys.emplace_back(std::min(i, j), std::max(i, j));
  });
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return collect_pairs(table.num_scenarios(), limit, [&](auto&& add) {
    for (const auto& [lo, hi] : keys) {
      const PairTable::Cell* ij = table.find(lo, hi);
      const PairTable::Cell* ji = table.find(hi, lo);
      const bool has_ij = ij && ij->count > 0, has_ji = ji && ji->count > 0;
      add(lo, hi, has_ij ? value(lo, hi, *ij) : 0.0, has_ij, has_ji ? value(hi, lo, *ji) : 0.0, has_ji);
    }
  });
}

}  // namespace

SparseAffinity sparse_row_softmax(const PairTable& logits, const PairLimit& limit) {
  // Per row i with cells: the maximum over j != i (absent cells at 0) and the softmax's total,
  // summed in ascending j as a dense row would be.
  const std::uint32_t S = logits.num_scenarios();
  std::vector<double> top(S, 0.0), total(S, 0.0);
  std::vector<std::pair<std::uint32_t, double>> row;  // (j, logit) of the current row's cells
  auto close_row = [&](std::uint32_t i) {
    std::size_t absent = S - 1;
    double t = -1e300;
    for (const auto& [j, v] : row)
      if (j != i) t = std::max(t, v), --absent;
    if (absent > 0) t = std::max(t, 0.0);
    double sum = 0;
    const double absent_term = std::exp(0.0 - t);
    std::size_t c = 0;
    for (std::uint32_t j = 0; j < S; ++j) {
      while (c < row.size() && row[c].first < j) ++c;
      const bool present = c < row.size() && row[c].first == j;
      if (j != i) sum += present ? std::exp(row[c].second - t) : absent_term;
    }
    top[i] = t, total[i] = sum;
    row.clear();
  };
  std::uint32_t current = S;
  logits.for_each([&](std::uint32_t i, std::uint32_t j, const PairTable::Cell& c) {
    if (i != current && current != S) close_row(current);
    current = i;
    row.emplace_back(j, c.value);
  });
  if (current != S) close_row(current);
  return table_pairs(logits, limit, [&](std::uint32_t i, std::uint32_t, const PairTable::Cell& c) {
    return total[i] > 0 ? std::exp(c.value - top[i]) / total[i] : 0.0;
  });
}

SparseAffinity sparse_cell_means(const PairTable& sums, const PairLimit& limit) {
  return table_pairs(sums, limit, [](std::uint32_t, std::uint32_t, const PairTable::Cell& c) { return c.value / c.count; });
}

double squared_distance(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d += (double(a[k]) - double(b[k])) * (double(a[k]) - double(b[k]));
  return d;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d += double(a[k]) * double(b[k]);
  return d;
}

double squared_distance(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d += (a[k] - b[k]) * (a[k] - b[k]);
  return d;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k) d += a[k] * b[k];
  return d;
}

}  // namespace simrec::algorithms::adascene::aggregation
