#include "algorithms/adascene/aggregation/sparse_affinity.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

namespace simrec::algorithms::adascene::aggregation {

namespace {

std::uint32_t partner(const AffinityPair& p, std::uint32_t owner) { return p.i == owner ? p.j : p.i; }

}  // namespace

std::vector<double> SparseAffinity::dense() const {
  const std::size_t S = num_scenarios;
  std::vector<double> a(S * S, 0.0);
  for (const AffinityPair& p : pairs) {
    if (p.has_ij) a[p.i * S + p.j] = p.ij;
    if (p.has_ji) a[p.j * S + p.i] = p.ji;
  }
  return a;
}

std::vector<bool> SparseAffinity::kept() const {
  const std::size_t S = num_scenarios;
  std::vector<bool> k(S * S, false);
  for (const AffinityPair& p : pairs) {
    k[p.i * S + p.j] = p.has_ij;
    k[p.j * S + p.i] = p.has_ji;
  }
  return k;
}

PairCollector::PairCollector(std::uint32_t num_scenarios, PairLimit limit, double centre)
    : n_(num_scenarios), limit_(std::move(limit)), centre_(centre) {
  assert(!limit_.limited() || (limit_.head.size() == n_ && limit_.neighbours >= 1));
  if (limit_.limited()) heaps_.resize(n_);
}

void PairCollector::offer(std::uint32_t owner, const AffinityPair& p) {
  // "a before b" = a is the better partner of `owner`: larger |sym - centre|, then the smaller partner id.
  auto better = [owner, c = centre_](const AffinityPair& a, const AffinityPair& b) {
    const double sa = std::abs(a.sym() - c), sb = std::abs(b.sym() - c);
    return sa != sb ? sa > sb : partner(a, owner) < partner(b, owner);
  };
  std::vector<AffinityPair>& heap = heaps_[owner];
  if (heap.size() < limit_.neighbours) {
    heap.push_back(p);
    std::push_heap(heap.begin(), heap.end(), better);  // the worst kept on top
  } else if (better(p, heap.front())) {
    std::pop_heap(heap.begin(), heap.end(), better);
    heap.back() = p;
    std::push_heap(heap.begin(), heap.end(), better);
  }
}

void PairCollector::add(std::uint32_t i, std::uint32_t j, double a_ij, bool has_ij, double a_ji, bool has_ji) {
  assert(i != j && i < n_ && j < n_);
  if ((!has_ij && !has_ji) || !limit_.uses(i, j)) return;
  AffinityPair p = i < j ? AffinityPair{i, j, a_ij, a_ji, has_ij, has_ji} : AffinityPair{j, i, a_ji, a_ij, has_ji, has_ij};
  sum_ += p.sym();
  ++measured_;
  ordered_ += std::uint64_t(has_ij) + std::uint64_t(has_ji);
  if (centre_only_) return;
  if (!limit_.limited() || (limit_.head[p.i] && limit_.head[p.j])) {
    pairs_.push_back(p);
    return;
  }
  offer(limit_.head[p.i] ? p.j : p.i, p);
}

SparseAffinity PairCollector::take() {
  SparseAffinity out;
  out.num_scenarios = n_;
  out.centre = centre();
  out.measured_pairs = measured_;
  out.measured_ordered = ordered_;
  out.pairs = std::move(pairs_);
  for (std::vector<AffinityPair>& heap : heaps_) out.pairs.insert(out.pairs.end(), heap.begin(), heap.end());
  heaps_.assign(heaps_.size(), {});
  pairs_.clear();
  auto key = [](const AffinityPair& p) { return std::pair{p.i, p.j}; };
  std::sort(out.pairs.begin(), out.pairs.end(), [&](const AffinityPair& a, const AffinityPair& b) { return key(a) < key(b); });
  sum_ = 0, measured_ = 0, ordered_ = 0;
  return out;
}

SparseAffinity sparse_from_dense(const std::vector<double>& a, std::uint32_t n, const std::vector<bool>& measured, const PairLimit& limit) {
  assert(a.size() == std::size_t(n) * n && (measured.empty() || measured.size() == a.size()));
  auto seen = [&](std::uint32_t i, std::uint32_t j) { return measured.empty() || measured[std::size_t(i) * n + j]; };
  return collect_pairs(n, limit, [&](auto&& add) {
    for (std::uint32_t i = 0; i < n; ++i)
      for (std::uint32_t j = i + 1; j < n; ++j) add(i, j, a[std::size_t(i) * n + j], seen(i, j), a[std::size_t(j) * n + i], seen(j, i));
  });
}

}  // namespace simrec::algorithms::adascene::aggregation
