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

std::vector<double> dense_row_softmax(const PairTable& logits, bool include_self) {
  const std::uint32_t S = logits.num_scenarios();
  std::vector<double> a(std::size_t(S) * S, 0.0);
  for (std::uint32_t i = 0; i < S; ++i) {
    double* row = a.data() + std::size_t(i) * S;
    for (std::uint32_t j = 0; j < S; ++j) {
      const PairTable::Cell* c = logits.find(i, j);
      row[j] = c ? c->value : 0.0;
    }
    double top = -1e300;
    for (std::uint32_t j = 0; j < S; ++j)
      if (include_self || j != i) top = std::max(top, row[j]);
    double total = 0;
    for (std::uint32_t j = 0; j < S; ++j) row[j] = (include_self || j != i) ? std::exp(row[j] - top) : 0.0, total += row[j];
    for (std::uint32_t j = 0; j < S; ++j) row[j] = total > 0 ? row[j] / total : 0.0;
  }
  return a;
}

std::vector<bool> observed_pairs(const PairTable& table) {
  const std::uint32_t S = table.num_scenarios();
  std::vector<bool> seen(std::size_t(S) * S, false);
  table.for_each([&](std::uint32_t i, std::uint32_t j, const PairTable::Cell& c) { seen[std::size_t(i) * S + j] = c.count > 0; });
  return seen;
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
