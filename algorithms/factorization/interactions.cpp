#include "algorithms/factorization/interactions.hpp"

#include <algorithm>

namespace simrec::algorithms::factorization {

std::int64_t Interactions::user_index(std::uint32_t user_id) const {
  const auto it = std::lower_bound(user_ids.begin(), user_ids.end(), user_id);
  return it != user_ids.end() && *it == user_id ? std::int64_t(it - user_ids.begin()) : -1;
}

void count_items(std::span<const std::uint32_t> ids, std::size_t num_items, std::vector<std::uint32_t>& items,
                 std::vector<float>& counts) {
  std::vector<std::uint32_t> sorted;
  sorted.reserve(ids.size());
  for (std::uint32_t v : ids)
    if (v < num_items) sorted.push_back(v);
  std::sort(sorted.begin(), sorted.end());
  items.clear();
  counts.clear();
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    items.push_back(sorted[i]);
    counts.push_back(float(j - i));
    i = j;
  }
}

Interactions build_interactions(const datasets::RetrievalSamples& rows, std::size_t num_items) {
  Interactions m;
  m.num_items = num_items;
  // Rows grouped by user (the datasets already are; this keeps hand-made tables working too).
  std::vector<std::size_t> order(rows.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows.user_id[a] < rows.user_id[b]; });
  std::vector<std::uint32_t> ids, items;
  std::vector<float> counts;
  std::vector<std::pair<std::uint32_t, float>> pairs;  // (item, count) over the user's rows
  std::vector<std::size_t> item_degree(num_items, 0);
  for (std::size_t g = 0; g < order.size();) {
    const std::uint32_t user = rows.user_id[order[g]];
    pairs.clear();
    for (; g < order.size() && rows.user_id[order[g]] == user; ++g) {
      const std::size_t r = order[g];
      const auto h = rows.history_of(r);
      ids.assign(h.begin(), h.end());
      ids.push_back(rows.label[r]);
      count_items(ids, num_items, items, counts);
      for (std::size_t k = 0; k < items.size(); ++k) pairs.emplace_back(items[k], counts[k]);
    }
    // Per item the largest count: sort by item, count descending, keep the first.
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); });
    m.user_ids.push_back(user);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      if (k > 0 && pairs[k].first == pairs[k - 1].first) continue;
      m.by_user.columns.push_back(pairs[k].first);
      m.by_user.counts.push_back(pairs[k].second);
      ++item_degree[pairs[k].first];
    }
    m.by_user.offsets.push_back(m.by_user.columns.size());
  }
  // Transpose (users visited in ascending order, so each item's users come out ascending).
  m.by_item.offsets.assign(num_items + 1, 0);
  for (std::size_t i = 0; i < num_items; ++i) m.by_item.offsets[i + 1] = m.by_item.offsets[i] + item_degree[i];
  m.by_item.columns.resize(m.by_user.nnz());
  m.by_item.counts.resize(m.by_user.nnz());
  std::vector<std::size_t> next(m.by_item.offsets.begin(), m.by_item.offsets.end() - 1);
  for (std::size_t u = 0; u < m.by_user.rows(); ++u)
    for (std::size_t e = m.by_user.offsets[u]; e < m.by_user.offsets[u + 1]; ++e) {
      const std::size_t slot = next[m.by_user.columns[e]]++;
      m.by_item.columns[slot] = std::uint32_t(u);
      m.by_item.counts[slot] = m.by_user.counts[e];
    }
  return m;
}

}  // namespace simrec::algorithms::factorization
