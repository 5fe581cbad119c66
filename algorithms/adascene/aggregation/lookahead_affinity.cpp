#include "algorithms/adascene/aggregation/lookahead_affinity.hpp"

#include <cmath>

namespace simrec::algorithms::adascene::aggregation {

std::vector<float> LookaheadAffinity::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  if (step % std::uint64_t(o_.interval) != 0 || (o_.window == 0 && batch.present.size() < 2)) return {};
  const std::vector<float> theta = probe.expert_flat();
  const std::vector<double> before = probe.scenario_losses(batch, theta);
  if (o_.window > 0) {
    for (std::size_t i = 0; i < batch.present.size(); ++i)
      window_.add(batch.present[i], double(batch.rows_of[i].size()), probe.scenario_gradient(batch, i, theta), before[i]);
    if (GradientWindow::closes(step, o_.interval, o_.window)) flush(false);
    return {};
  }
  std::vector<float> ahead(theta.size());
  for (std::size_t i = 0; i < batch.present.size(); ++i) {
    const std::vector<float> g = probe.scenario_gradient(batch, i, theta);
    for (std::size_t k = 0; k < theta.size(); ++k) ahead[k] = theta[k] - float(o_.step_size) * g[k];
    const std::vector<double> after = probe.scenario_losses(batch, ahead);
    for (std::size_t j = 0; j < batch.present.size(); ++j)
      if (j != i && before[j] > 0) table_.add(batch.present[i], batch.present[j], 1.0 - after[j] / before[j]);
  }
  return {};
}

void LookaheadAffinity::flush(bool last) {
  const std::map<std::uint32_t, GradientWindow::Mean> means = window_.take(o_.centre);
  if (means.size() < 2) return;
  std::vector<std::uint32_t> id;
  std::vector<double> loss, norm;
  for (const auto& [s, m] : means) {
    id.push_back(s), loss.push_back(m.loss);
    if (o_.cosine) norm.push_back(std::sqrt(dot(m.gradient, m.gradient)));
  }
  // a(i -> j) = eta G_i . G_j / L_j for each pair, both directions (cosine: G_i . G_j / (|G_i| |G_j|)).
  auto value = [&](std::size_t a, std::size_t b, double d) {
    if (o_.cosine) return norm[a] > 0 && norm[b] > 0 ? d / (norm[a] * norm[b]) : 0.0;
    return o_.step_size * d / loss[b];
  };
  auto measured = [&](std::size_t b) { return o_.cosine || loss[b] > 0; };
  if (last && table_.size() == 0) {
    streamed_ = collect_pairs(table_.num_scenarios(), o_.limit, [&](auto&& add) {
      for_each_gram_pair(means, o_.limit.head, [&](std::size_t a, std::size_t b, double dot) {
        add(id[a], id[b], value(a, b, dot), measured(b), value(b, a, dot), measured(a));
      });
    });
    return;
  }
  check_table_window(means.size(), "lookahead");
  for_each_gram_pair(means, {}, [&](std::size_t a, std::size_t b, double dot) {
    if (measured(b)) table_.add(id[a], id[b], value(a, b, dot));
    if (measured(a)) table_.add(id[b], id[a], value(b, a, dot));
  });
}

SparseAffinity LookaheadAffinity::affinity() const { return streamed_ ? *streamed_ : sparse_cell_means(table_, o_.limit); }

}  // namespace simrec::algorithms::adascene::aggregation
