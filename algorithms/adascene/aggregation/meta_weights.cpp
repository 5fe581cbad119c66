#include "algorithms/adascene/aggregation/meta_weights.hpp"

#include <cmath>

namespace simrec::algorithms::adascene::aggregation {

std::vector<float> MetaWeights::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  const std::size_t K = batch.present.size();
  if (step % std::uint64_t(o_.interval) != 0 || K < 2) return {};
  const std::vector<float> theta = probe.expert_flat();
  std::vector<std::vector<float>> g(K);
  for (std::size_t j = 0; j < K; ++j) g[j] = probe.scenario_gradient(batch, j, theta);

  std::vector<double> w(K * K), m(K * K);
  std::vector<float> ahead(theta.size());
  double mean_abs = 0;
  for (std::size_t i = 0; i < K; ++i) {
    const std::vector<double> p = softmax_over(logits_, batch.present[i], batch.present);
    ahead = theta;
    for (std::size_t j = 0; j < K; ++j) {
      w[i * K + j] = p[j];
      for (std::size_t k = 0; k < theta.size(); ++k) ahead[k] -= float(o_.step_size * p[j]) * g[j][k];
    }
    const std::vector<float> h = probe.scenario_gradient(batch, i, ahead);
    for (std::size_t j = 0; j < K; ++j) mean_abs += std::abs(m[i * K + j] = -o_.step_size * dot(h, g[j]));
  }
  mean_abs /= double(K * K);
  if (mean_abs <= 0) return {};
  for (std::size_t i = 0; i < K; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j < K; ++j) expected += w[i * K + j] * m[i * K + j];
    for (std::size_t j = 0; j < K; ++j) {
      PairTable::Cell& cell = logits_.at(batch.present[i], batch.present[j]);
      cell.value -= o_.affinity_lr * w[i * K + j] * (m[i * K + j] - expected) / mean_abs;
      cell.count += 1;
    }
  }
  return {};
}

}  // namespace simrec::algorithms::adascene::aggregation
