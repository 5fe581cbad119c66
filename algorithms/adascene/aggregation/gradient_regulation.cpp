#include "algorithms/adascene/aggregation/gradient_regulation.hpp"

#include <cmath>

namespace simrec::algorithms::adascene::aggregation {

namespace {

// S_i. over the listed scenarios (the diagonal excluded), K x K row-major.
std::vector<double> batch_softmax(const PairTable& logits, const std::vector<std::uint32_t>& ids) {
  const std::size_t K = ids.size();
  std::vector<double> S(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i) {
    std::vector<std::uint32_t> others;
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) others.push_back(ids[j]);
    const std::vector<double> p = softmax_over(logits, ids[i], others);
    for (std::size_t j = 0, c = 0; j < K; ++j)
      if (j != i) S[i * K + j] = p[c++];
  }
  return S;
}

}  // namespace

void GradientRegulation::logit_step(const std::vector<std::uint32_t>& ids, const std::vector<double>& d) {
  const std::size_t K = ids.size();
  double mean_d = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = i + 1; j < K; ++j) mean_d += 2 * d[i * K + j];
  mean_d /= double(K * (K - 1));
  if (mean_d <= 0) return;
  const std::vector<double> S = batch_softmax(logits_, ids);
  for (std::size_t i = 0; i < K; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j < K; ++j) expected += S[i * K + j] * d[i * K + j];
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) {
        PairTable::Cell& cell = logits_.at(ids[i], ids[j]);
        cell.value -= o_.affinity_lr * o_.lambda * S[i * K + j] * (d[i * K + j] - expected) / mean_d;
        cell.count += 1;
      }
  }
}

void GradientRegulation::flush() {
  const std::map<std::uint32_t, GradientWindow::Mean> means = window_.take(false);
  if (means.size() < 2) return;
  check_table_window(means.size(), "gradient_regulation");
  std::vector<std::uint32_t> ids;
  std::vector<const std::vector<double>*> G;
  for (const auto& [s, m] : means) ids.push_back(s), G.push_back(&m.gradient);
  const std::size_t K = ids.size();
  std::vector<double> d(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = i + 1; j < K; ++j) d[i * K + j] = d[j * K + i] = squared_distance(*G[i], *G[j]);
  logit_step(ids, d);
}

std::vector<float> GradientRegulation::observe(const AffinityProbe& probe, const ProbeBatch& batch, std::uint64_t step) {
  const std::size_t K = batch.present.size();
  if (step % std::uint64_t(o_.interval) != 0 || (o_.window == 0 && K < 2)) return {};
  const std::vector<float> theta = probe.expert_flat();
  std::vector<std::vector<float>> g(K);
  for (std::size_t i = 0; i < K; ++i) g[i] = probe.scenario_gradient(batch, i, theta);
  if (o_.window > 0)
    for (std::size_t i = 0; i < K; ++i) window_.add(batch.present[i], double(batch.rows_of[i].size()), g[i], 0.0);
  // S over the batch's scenarios at the logits before this step's update; per batch, the logit step
  // on this batch's distances (accumulated mode: on the window's, in flush()).
  const std::vector<double> S = K >= 2 ? batch_softmax(logits_, batch.present) : std::vector<double>{};
  if (o_.window == 0) {
    std::vector<double> d(K * K, 0.0);
    for (std::size_t i = 0; i < K; ++i)
      for (std::size_t j = i + 1; j < K; ++j) d[i * K + j] = d[j * K + i] = squared_distance(g[i], g[j]);
    logit_step(batch.present, d);
  }

  // grad_E R = 2 lambda sum_i H_i v_i by central differences along v_i.
  std::vector<float> extra(theta.size(), 0.0f), v(theta.size()), plus(theta.size()), minus(theta.size());
  constexpr double eps = 1e-3;
  for (std::size_t i = 0; i < K && K >= 2; ++i) {
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
  if (o_.window > 0 && GradientWindow::closes(step, o_.interval, o_.window)) flush();
  return extra;
}

}  // namespace simrec::algorithms::adascene::aggregation
