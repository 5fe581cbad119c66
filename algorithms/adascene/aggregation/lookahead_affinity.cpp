#include "algorithms/adascene/aggregation/lookahead_affinity.hpp"

namespace simrec::algorithms::adascene::aggregation {

std::vector<float> LookaheadAffinity::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  if (step % std::uint64_t(o_.interval) != 0 || (o_.window == 0 && batch.present.size() < 2)) return {};
  const std::vector<float> theta = probe.expert_flat();
  const std::vector<double> before = probe.scenario_losses(batch, theta);
  if (o_.window > 0) {
    for (std::size_t i = 0; i < batch.present.size(); ++i) {
      const std::vector<float> g = probe.scenario_gradient(batch, i, theta);
      const double n = double(batch.rows_of[i].size());
      Accumulated& a = window_[batch.present[i]];
      if (a.gradient.empty()) a.gradient.assign(g.size(), 0.0);
      for (std::size_t k = 0; k < g.size(); ++k) a.gradient[k] += n * double(g[k]);
      a.rows += n;
      a.loss += n * before[i];
    }
    if ((step / std::uint64_t(o_.interval) + 1) % std::uint64_t(o_.window) == 0) flush();
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
  for (auto& [s, a] : window_)
    for (double& v : a.gradient) v /= a.rows;
  if (o_.centre && !window_.empty()) {
    std::vector<double> mean(window_.begin()->second.gradient.size(), 0.0);
    double rows = 0;
    for (const auto& [s, a] : window_) {
      for (std::size_t k = 0; k < mean.size(); ++k) mean[k] += a.rows * a.gradient[k];
      rows += a.rows;
    }
    for (double& v : mean) v /= rows;
    for (auto& [s, a] : window_)
      for (std::size_t k = 0; k < mean.size(); ++k) a.gradient[k] -= mean[k];
  }
  for (const auto& [i, ai] : window_)
    for (const auto& [j, aj] : window_) {
      if (i == j || aj.loss <= 0) continue;
      double d = 0;
      for (std::size_t k = 0; k < ai.gradient.size(); ++k) d += ai.gradient[k] * aj.gradient[k];
      table_.add(i, j, o_.step_size * d / (aj.loss / aj.rows));
    }
  window_.clear();
}

std::vector<double> LookaheadAffinity::affinity() const {
  const std::uint32_t S = table_.num_scenarios();
  std::vector<double> a(std::size_t(S) * S, 0.0);
  table_.for_each([&](std::uint32_t i, std::uint32_t j, const PairTable::Cell& c) { a[std::size_t(i) * S + j] = c.value / c.count; });
  return a;
}

}  // namespace simrec::algorithms::adascene::aggregation
