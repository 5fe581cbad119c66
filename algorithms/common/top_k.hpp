#pragma once
// Deterministic top-k selection over a dense score vector: highest scores first, ties broken by
// the lower index, skipping excluded indices (sorted ascending). Used by every retrieval algorithm
// when it turns scores into a ranked list.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace simrec::algorithms {

template <class T>
void append_top_k(std::span<const T> scores, int k, std::span<const std::int64_t> excluded_sorted,
                  std::vector<std::int64_t>& out) {
  std::vector<std::int64_t> cand;
  cand.reserve(scores.size());
  for (std::int64_t i = 0; i < std::int64_t(scores.size()); ++i)
    if (!std::binary_search(excluded_sorted.begin(), excluded_sorted.end(), i)) cand.push_back(i);
  const auto better = [&](std::int64_t a, std::int64_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  };
  const std::size_t take = std::min<std::size_t>(std::size_t(k), cand.size());
  std::partial_sort(cand.begin(), cand.begin() + take, cand.end(), better);
  out.insert(out.end(), cand.begin(), cand.begin() + take);
}

// Sorted, de-duplicated copy of ids as int64 (for the exclusion list).
template <class Id>
std::vector<std::int64_t> sorted_unique(std::span<const Id> ids) {
  std::vector<std::int64_t> v(ids.begin(), ids.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace simrec::algorithms
