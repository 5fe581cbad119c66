#include "scenarios/retrieval_oracle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "scenarios/evaluate.hpp"
#include "sim/world/latent.hpp"

namespace simrec::scenarios {

namespace {
const std::pair<const char*, RetrievalOracle> kKinds[] = {{"oracle_popularity", RetrievalOracle::Popularity},
                                                           {"oracle_demographic", RetrievalOracle::Demographic},
                                                           {"oracle_taste", RetrievalOracle::Taste}};
}  // namespace

bool parse_retrieval_oracle(const std::string& metric, RetrievalOracle* kind, std::string* rest) {
  const auto dot_at = metric.find('.');
  if (metric.rfind("oracle_", 0) != 0 || dot_at == std::string::npos) return false;
  for (const auto& [name, k] : kKinds)
    if (metric.compare(0, dot_at, name) == 0) {
      if (kind) *kind = k;
      if (rest) *rest = metric.substr(dot_at + 1);
      return true;
    }
  return false;
}

algorithms::RankedLists retrieval_oracle_lists(const sim::World& world, const datasets::VideoDatasets& data,
                                               const datasets::RetrievalSamples& queries, RetrievalOracle kind, int k,
                                               bool exclude_history) {
  const auto keys = data.video_vocab.keys();
  const std::size_t n_items = keys.size(), dim = world.catalog().latent_dim;
  const auto& config = world.config();
  // alpha: the least-squares scale of u* on the unit f(demo), over the test users.
  double alpha = 1;
  if (kind == RetrievalOracle::Demographic) {
    double sum = 0;
    sim::UserProfile user;
    for (std::size_t r = 0; r < queries.size(); ++r) {
      world.user(queries.user_id[r], user);
      sum += sim::dot(user.taste_a.data(), user.demographic_a.data(), dim);
    }
    alpha = queries.size() ? sum / double(queries.size()) : 1;
  }
  std::vector<std::vector<std::int64_t>> top(queries.size());
#pragma omp parallel
  {
    sim::UserProfile user;
    std::vector<double> score(n_items);
    std::vector<std::int64_t> order(n_items);
#pragma omp for schedule(static)
    for (std::size_t r = 0; r < queries.size(); ++r) {
      world.user(queries.user_id[r], user);
      const auto g = std::size_t(user.group);
      const double a = config.popularity_weight[g], beta = config.taste_weight[g];
      const float* x = kind == RetrievalOracle::Taste ? user.taste_a.data() : user.demographic_a.data();
      const double scale = kind == RetrievalOracle::Demographic ? alpha : 1.0;
      const double t = queries.time_seconds[r];
      for (std::size_t j = 0; j < n_items; ++j) {
        const double att = world.attention(keys[j], t);
        if (!(att > 0)) {
          score[j] = -std::numeric_limits<double>::infinity();
          continue;
        }
        score[j] = a * std::log(att);
        if (kind != RetrievalOracle::Popularity) score[j] += beta * scale * sim::dot(x, world.catalog().latent_a(keys[j]), dim);
      }
      if (exclude_history)
        for (const auto v : queries.history_of(r))
          if (v < n_items) score[v] = -std::numeric_limits<double>::infinity();
      std::size_t m = 0;
      for (std::size_t j = 0; j < n_items; ++j)
        if (score[j] > -std::numeric_limits<double>::infinity()) order[m++] = std::int64_t(j);
      const std::size_t kk = std::min<std::size_t>(std::size_t(k), m);
      // Ties by index, so the lists do not depend on the sort's internals.
      std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(kk), order.begin() + std::ptrdiff_t(m),
                        [&](std::int64_t p, std::int64_t q) { return score[p] > score[q] || (score[p] == score[q] && p < q); });
      top[r].assign(order.begin(), order.begin() + std::ptrdiff_t(kk));
    }
  }
  algorithms::RankedLists lists;
  for (const auto& t : top) {
    lists.items.insert(lists.items.end(), t.begin(), t.end());
    lists.offsets.push_back(std::int64_t(lists.items.size()));
  }
  return lists;
}

std::map<std::string, double> retrieval_oracle_metrics(const sim::World& world, const datasets::VideoDatasets& data,
                                                       const datasets::RetrievalSamples& queries,
                                                       const std::vector<std::string>& metrics, bool exclude_history) {
  std::map<std::string, double> out;
  for (const auto& [name, kind] : kKinds) {
    std::vector<std::string> rests, fulls;
    for (const auto& m : metrics) {
      RetrievalOracle k;
      std::string rest;
      if (parse_retrieval_oracle(m, &k, &rest) && k == kind) {
        rests.push_back(rest);
        fulls.push_back(m);
      }
    }
    if (rests.empty()) continue;
    const auto lists = retrieval_oracle_lists(world, data, queries, kind, max_k(rests), exclude_history);
    const auto values = evaluate_retrieval(lists, queries, rests);
    for (std::size_t i = 0; i < rests.size(); ++i) out[fulls[i]] = values.at(rests[i]);
  }
  return out;
}

}  // namespace simrec::scenarios
