#include "algorithms/adascene/aggregation/meta_weights.hpp"

#include <cmath>

namespace simrec::algorithms::adascene::aggregation {

void MetaWeights::logit_step(const std::vector<std::uint32_t>& ids, const std::vector<double>& w, const std::vector<double>& m) {
  const std::size_t K = ids.size();
  double mean_abs = 0;
  for (double v : m) mean_abs += std::abs(v);
  mean_abs /= double(K * K);
  if (mean_abs <= 0) return;
  for (std::size_t i = 0; i < K; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j < K; ++j) expected += w[i * K + j] * m[i * K + j];
    for (std::size_t j = 0; j < K; ++j) {
      PairTable::Cell& cell = logits_.at(ids[i], ids[j]);
      cell.value -= o_.affinity_lr * w[i * K + j] * (m[i * K + j] - expected) / mean_abs;
      cell.count += 1;
    }
  }
}

void MetaWeights::flush() {
  const std::map<std::uint32_t, GradientWindow::Mean> means = window_.take(o_.centre);
  if (means.size() < 2) return;
  check_table_window(means.size(), "meta_weights");
  std::vector<std::uint32_t> ids;
  std::vector<const std::vector<double>*> G;
  for (const auto& [s, mean] : means) ids.push_back(s), G.push_back(&mean.gradient);
  const std::size_t K = ids.size();
  std::vector<double> w(K * K), m(K * K);
  for (std::size_t i = 0; i < K; ++i) {
    const std::vector<double> p = softmax_over(logits_, ids[i], ids);
    for (std::size_t j = 0; j < K; ++j) {
      w[i * K + j] = p[j];
      m[i * K + j] = -o_.step_size * dot(*G[i], *G[j]);
    }
  }
  logit_step(ids, w, m);
}

std::vector<float> MetaWeights::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  const std::size_t K = batch.present.size();
  if (step % std::uint64_t(o_.interval) != 0 || (o_.window == 0 && K < 2)) return {};
  const std::vector<float> theta = probe.expert_flat();
  std::vector<std::vector<float>> g(K);
  for (std::size_t j = 0; j < K; ++j) g[j] = probe.scenario_gradient(batch, j, theta);
  if (o_.window > 0) {
    for (std::size_t j = 0; j < K; ++j) window_.add(batch.present[j], double(batch.rows_of[j].size()), g[j], 0.0);
    if (GradientWindow::closes(step, o_.interval, o_.window)) flush();
    return {};
  }

  std::vector<double> w(K * K), m(K * K);
  std::vector<float> ahead(theta.size());
  for (std::size_t i = 0; i < K; ++i) {
    const std::vector<double> p = softmax_over(logits_, batch.present[i], batch.present);
    ahead = theta;
    for (std::size_t j = 0; j < K; ++j) {
      w[i * K + j] = p[j];
      for (std::size_t k = 0; k < theta.size(); ++k) ahead[k] -= float(o_.step_size * p[j]) * g[j][k];
    }
    const std::vector<float> h = probe.scenario_gradient(batch, i, ahead);
    for (std::size_t j = 0; j < K; ++j) m[i * K + j] = -o_.step_size * dot(h, g[j]);
  }
  logit_step(batch.present, w, m);
  return {};
}

}  // namespace simrec::algorithms::adascene::aggregation
