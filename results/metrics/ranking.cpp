#include "results/metrics/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "results/metrics/check.hpp"

namespace simrec::metrics {

TopKScores topk_one(std::span<const std::int64_t> ranked, std::span<const std::int64_t> relevant,
                    int k) {
  if (k <= 0) throw std::invalid_argument("topk metrics: K must be positive, got " + std::to_string(k));
  TopKScores s;
  std::vector<std::int64_t> rel(relevant.begin(), relevant.end());
  std::sort(rel.begin(), rel.end());
  rel.erase(std::unique(rel.begin(), rel.end()), rel.end());
  if (rel.empty()) return s;
  std::vector<std::int64_t> seen;
  double hits = 0, ap = 0, dcg = 0;
  const std::size_t limit = std::min<std::size_t>(ranked.size(), std::size_t(k));
  for (std::size_t pos = 0; pos < limit; ++pos) {
    const std::int64_t item = ranked[pos];
    if (std::find(seen.begin(), seen.end(), item) != seen.end()) continue;
    seen.push_back(item);
    if (!std::binary_search(rel.begin(), rel.end(), item)) continue;
    hits += 1;
    ap += hits / double(pos + 1);
    dcg += 1.0 / std::log2(double(pos) + 2.0);
  }
  const std::size_t ideal = std::min<std::size_t>(rel.size(), std::size_t(k));
  double idcg = 0;
  for (std::size_t pos = 0; pos < ideal; ++pos) idcg += 1.0 / std::log2(double(pos) + 2.0);
  s.recall = hits / double(rel.size());
  s.precision = hits / double(k);
  s.hit_rate = hits > 0 ? 1.0 : 0.0;
  s.map = ap / double(ideal);
  s.ndcg = dcg / idcg;
  s.users = 1;
  return s;
}

TopKScores topk_mean(std::span<const std::int64_t> ranked,
                     std::span<const std::int64_t> ranked_offsets,
                     std::span<const std::int64_t> relevant,
                     std::span<const std::int64_t> relevant_offsets, int k) {
  detail::check_same_length("topk_mean offsets", ranked_offsets.size(), relevant_offsets.size());
  if (ranked_offsets.empty()) throw std::invalid_argument("topk_mean: offsets must have users + 1 entries");
  TopKScores mean;
  const std::size_t users = ranked_offsets.size() - 1;
  for (std::size_t u = 0; u < users; ++u) {
    const auto r = ranked.subspan(ranked_offsets[u], ranked_offsets[u + 1] - ranked_offsets[u]);
    const auto rel =
        relevant.subspan(relevant_offsets[u], relevant_offsets[u + 1] - relevant_offsets[u]);
    const TopKScores s = topk_one(r, rel, k);
    if (s.users == 0) continue;
    mean.recall += s.recall;
    mean.precision += s.precision;
    mean.hit_rate += s.hit_rate;
    mean.map += s.map;
    mean.ndcg += s.ndcg;
    mean.users += 1;
  }
  if (mean.users == 0) throw std::invalid_argument("topk_mean: no user has a relevant item");
  const double n = double(mean.users);
  mean.recall /= n;
  mean.precision /= n;
  mean.hit_rate /= n;
  mean.map /= n;
  mean.ndcg /= n;
  return mean;
}

}  // namespace simrec::metrics
