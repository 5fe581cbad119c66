#include "algorithms/adascene/aggregation/gradient_regulation.hpp"

#include <cmath>

namespace simrec::algorithms::adascene::aggregation {

std::vector<float> GradientRegulation::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  const std::size_t K = batch.present.size();
  if (step % std::uint64_t(o_.interval) != 0 || K < 2) return {};
  const std::vector<float> theta = probe.expert_flat();
  std::vector<std::vector<float>> g(K);
  for (std::size_t i = 0; i < K; ++i) g[i] = probe.scenario_gradient(batch, i, theta);
  std::vector<double> d(K * K, 0.0);
  double mean_d = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = i + 1; j < K; ++j) mean_d += 2 * (d[i * K + j] = d[j * K + i] = squared_distance(g[i], g[j]));
  mean_d /= double(K * (K - 1));

  // S over the batch's scenarios (diagonal excluded), R and the logit step.
  std::vector<double> S(K * K, 0.0);
  last_r_ = 0;
  for (std::size_t i = 0; i < K; ++i) {
    std::vector<std::uint32_t> others;
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) others.push_back(batch.present[j]);
    const std::vector<double> p = softmax_over(logits_, batch.present[i], others);
    double expected = 0;
    for (std::size_t j = 0, c = 0; j < K; ++j)
      if (j != i) expected += (S[i * K + j] = p[c++]) * d[i * K + j];
    last_r_ += o_.lambda * expected;
    if (mean_d <= 0) continue;
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) {
        PairTable::Cell& cell = logits_.at(batch.present[i], batch.present[j]);
        cell.value -= o_.affinity_lr * o_.lambda * S[i * K + j] * (d[i * K + j] - expected) / mean_d;
        cell.count += 1;
      }
  }

  // grad_E R = 2 lambda sum_i H_i v_i by central differences along v_i.
  std::vector<float> extra(theta.size(), 0.0f), v(theta.size()), plus(theta.size()), minus(theta.size());
  constexpr double eps = 1e-3;
  for (std::size_t i = 0; i < K; ++i) {
    std::fill(v.begin(), v.end(), 0.0f);
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) {
        const float w = float(S[i * K + j] + S[j * K + i]);
        for (std::size_t k = 0; k < v.size(); ++k) v[k] += w * (g[i][k] - g[j][k]);
      }
    const double norm = std::sqrt(dot(v, v));
    if (norm == 0) continue;
    for (std::size_t k = 0; k < v.size(); ++k) {
      plus[k] = theta[k] + float(eps * v[k] / norm);
      minus[k] = theta[k] - float(eps * v[k] / norm);
    }
    const std::vector<float> gp = probe.scenario_gradient(batch, i, plus), gm = probe.scenario_gradient(batch, i, minus);
    const double scale = 2 * o_.lambda * norm / (2 * eps);
    for (std::size_t k = 0; k < v.size(); ++k) extra[k] += float(scale * (double(gp[k]) - double(gm[k])));
  }
  return extra;
}

}  // namespace simrec::algorithms::adascene::aggregation
