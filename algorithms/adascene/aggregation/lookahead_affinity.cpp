#include "algorithms/adascene/aggregation/lookahead_affinity.hpp"

namespace simrec::algorithms::adascene::aggregation {

std::vector<float> LookaheadAffinity::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  if (step % std::uint64_t(o_.interval) != 0 || (o_.window == 0 && batch.present.size() < 2)) return {};
  const std::vector<float> theta = probe.expert_flat();
  const std::vector<double> before = probe.scenario_losses(batch, theta);
  if (o_.window > 0) {
    for (std::size_t i = 0; i < batch.present.size(); ++i)
      window_.add(batch.present[i], double(batch.rows_of[i].size()), probe.scenario_gradient(batch, i, theta), before[i]);
    if (GradientWindow::closes(step, o_.interval, o_.window)) flush();
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

void LookaheadAffinity::flush() {
  const std::map<std::uint32_t, GradientWindow::Mean> means = window_.take(o_.centre);
  for (const auto& [i, gi] : means)
    for (const auto& [j, gj] : means) {
      if (i == j || gj.loss <= 0) continue;
      table_.add(i, j, o_.step_size * dot(gi.gradient, gj.gradient) / gj.loss);
    }
}

std::vector<double> LookaheadAffinity::affinity() const {
  const std::uint32_t S = table_.num_scenarios();
  std::vector<double> a(std::size_t(S) * S, 0.0);
  table_.for_each([&](std::uint32_t i, std::uint32_t j, const PairTable::Cell& c) { a[std::size_t(i) * S + j] = c.value / c.count; });
  return a;
}

}  // namespace simrec::algorithms::adascene::aggregation
