// Scene aggregation, the accumulated mode of the three affinity methods (gradient_window.hpp):
// each method's window update against the same quantity computed by hand from the probe's
// per-scenario gradients, windows that stay open until they close, and finish() flushing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "algorithms/adascene/aggregation/gradient_regulation.hpp"
#include "algorithms/adascene/aggregation/lookahead_affinity.hpp"
#include "algorithms/adascene/aggregation/meta_weights.hpp"
#include "tests/algorithms/adascene_aggregation_fixture.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene::aggregation;
using aggregation_fixture::two_group_table;

namespace {

// A probe and one batch holding every one of the 8 scenarios (every 7th row).
struct Setup {
  datasets::AdSampleTable table = two_group_table();
  AffinityProbe probe{table.field_buckets, 8, 8, 16};
  ProbeBatch batch;
  std::vector<float> theta;
  std::vector<std::vector<float>> g;  // per-scenario expert-layer gradients at theta
  Setup() {
    probe.init(2);
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < table.size(); r += 7) rows.push_back(r);
    probe.embed(table, table.scenario, rows, batch);
    theta = probe.expert_flat();
    for (std::size_t k = 0; k < batch.present.size(); ++k) g.push_back(probe.scenario_gradient(batch, k, theta));
  }
};

// Row i's softmax over j != i of the logits, as dense_row_softmax reports it.
std::vector<double> softmax_rows_without_self(const std::vector<double>& logit, std::size_t K) {
  std::vector<double> a(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i) {
    double total = 0;
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) total += std::exp(logit[i * K + j]);
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) a[i * K + j] = std::exp(logit[i * K + j]) / total;
  }
  return a;
}

// The method's affinity equals the hand-computed one, cell by cell.
void check_affinity(const std::vector<double>& a, const std::vector<double>& expected, std::size_t K) {
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) {
      INFO("pair " << i << " -> " << j);
      CHECK(a[i * K + j] == Approx(expected[i * K + j]).epsilon(1e-5));
    }
}

// Row 0's largest weight is at the scenario j != 0 that maximises preference(j): the update has a
// real spread, in the direction the method's rule says.
template <class F>
void check_row0_top(const std::vector<double>& a, std::size_t K, F preference) {
  std::size_t best = 1;
  for (std::size_t j = 2; j < K; ++j)
    if (preference(j) > preference(best)) best = j;
  for (std::size_t j = 1; j < K; ++j)
    if (j != best) CHECK(a[best] > a[j]);
}

}  // namespace

TEST_CASE("lookahead, accumulated mode: one window gives eta G_i . G_j / L_j by hand", "[aggregation]") {
  Setup s;
  const AffinityProbe& probe = s.probe;
  const ProbeBatch& batch = s.batch;
  REQUIRE(batch.present.size() == 8);
  const double eta = 0.3;
  // Two measured steps on the same batch and weights: the window means equal the one-step values.
  LookaheadAffinity method(8, LookaheadOptions{1, eta, 2});
  method.observe(probe, batch, 0);
  CHECK(method.pairs_observed() == 0);  // the window is still open
  method.observe(probe, batch, 1);
  REQUIRE(method.pairs_observed() == 56);
  const std::vector<double> a = method.affinity().dense();
  const std::vector<float>& theta = s.theta;
  const std::vector<double> loss = probe.scenario_losses(batch, theta);
  for (std::size_t i : {0, 3, 5})
    for (std::size_t j : {1, 4, 7}) {
      const double expected = eta * dot(s.g[i], s.g[j]) / loss[j];
      INFO("pair " << i << " -> " << j);
      CHECK(a[i * 8 + j] == Approx(expected).epsilon(1e-5));
    }
  // Centred: the same with the gradients minus their row-weighted mean.
  LookaheadAffinity centred(8, LookaheadOptions{1, eta, 1, true});
  centred.observe(probe, batch, 0);
  const std::vector<double> c = centred.affinity().dense();
  std::vector<double> mean(theta.size(), 0.0);
  double total = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    const double n = double(batch.rows_of[k].size());
    for (std::size_t q = 0; q < theta.size(); ++q) mean[q] += n * s.g[k][q];
    total += n;
  }
  for (double& v : mean) v /= total;
  for (std::size_t i : {0, 3, 5})
    for (std::size_t j : {1, 4, 7}) {
      double d = 0;
      for (std::size_t q = 0; q < theta.size(); ++q) d += (s.g[i][q] - mean[q]) * (s.g[j][q] - mean[q]);
      INFO("centred pair " << i << " -> " << j);
      CHECK(c[i * 8 + j] == Approx(eta * d / loss[j]).epsilon(1e-4));
      CHECK(c[i * 8 + j] != Approx(a[i * 8 + j]).epsilon(1e-3));
    }
  // finish() flushes an open window.
  LookaheadAffinity open(8, LookaheadOptions{1, eta, 5});
  open.observe(probe, batch, 0);
  CHECK(open.pairs_observed() == 0);
  open.finish();
  CHECK(open.pairs_observed() == 56);
  CHECK(open.affinity().dense()[0 * 8 + 1] == Approx(a[0 * 8 + 1]).epsilon(1e-5));
}

TEST_CASE("gradient regulation, accumulated mode: one logit step per window on ||G_i - G_j||^2, by hand", "[aggregation]") {
  Setup s;
  const std::size_t K = 8;
  REQUIRE(s.batch.present.size() == K);
  const double lambda = 0.7, lr = 2.0;
  // By hand, from fresh logits (S_ij = 1 / (K - 1)): s_ij = -lr lambda S_ij (d_ij - sum_k S_ik d_ik) / mean d.
  std::vector<double> d(K * K, 0.0);
  double mean_d = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j)
      if (i != j) mean_d += (d[i * K + j] = squared_distance(s.g[i], s.g[j]));
  mean_d /= double(K * (K - 1));
  std::vector<double> logit(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) expected += d[i * K + j] / double(K - 1);
    for (std::size_t j = 0; j < K; ++j)
      if (j != i) logit[i * K + j] = -lr * lambda / double(K - 1) * (d[i * K + j] - expected) / mean_d;
  }
  const std::vector<double> expected = softmax_rows_without_self(logit, K);

  // A window of two measured steps on the same batch and weights: logits move only when it closes.
  GradientRegulation method(K, GradientRegulationOptions{lambda, lr, 1, 2});
  GradientRegulation per_batch(K, GradientRegulationOptions{lambda, lr, 1, 0});
  const std::vector<float> extra = method.observe(s.probe, s.batch, 0);
  CHECK(method.pairs_observed() == 0);
  // R's E-gradient is still applied every measured step, from the same S as without a window.
  CHECK(extra == per_batch.observe(s.probe, s.batch, 0));
  method.observe(s.probe, s.batch, 1);
  REQUIRE(method.pairs_observed() == K * (K - 1));
  const std::vector<double> a = method.affinity().dense();
  check_affinity(a, expected, K);
  check_row0_top(a, K, [&](std::size_t j) { return -d[j]; });  // the closest gradient
  // finish() flushes an open window.
  GradientRegulation open(K, GradientRegulationOptions{lambda, lr, 1, 10});
  open.observe(s.probe, s.batch, 0);
  CHECK(open.pairs_observed() == 0);
  open.finish();
  CHECK(open.affinity().dense()[3 * K + 6] == Approx(expected[3 * K + 6]).epsilon(1e-5));
}

TEST_CASE("meta weights, accumulated mode: one logit step per window on m_ij = -eta G_i . G_j, by hand", "[aggregation]") {
  Setup s;
  const std::size_t K = 8;
  REQUIRE(s.batch.present.size() == K);
  const double eta = 0.2, lr = 1.5;
  // By hand, from fresh logits (w_ij = 1 / K, self included): a_ij = -lr w_ij (m_ij - sum_k w_ik m_ik) / mean |m|;
  // the affinity is the softmax over j != i.
  std::vector<double> m(K * K);
  double mean_abs = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) mean_abs += std::abs(m[i * K + j] = -eta * dot(s.g[i], s.g[j]));
  mean_abs /= double(K * K);
  std::vector<double> logit(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i) {
    double expected = 0;
    for (std::size_t j = 0; j < K; ++j) expected += m[i * K + j] / double(K);
    for (std::size_t j = 0; j < K; ++j) logit[i * K + j] = -lr / double(K) * (m[i * K + j] - expected) / mean_abs;
  }
  const std::vector<double> expected = softmax_rows_without_self(logit, K);

  MetaWeights method(K, MetaWeightOptions{eta, lr, 1, 3});
  for (std::uint64_t step = 0; step < 2; ++step) method.observe(s.probe, s.batch, step);
  CHECK(method.pairs_observed() == 0);
  method.observe(s.probe, s.batch, 2);
  REQUIRE(method.pairs_observed() == K * K);  // the self weight is learned too
  const std::vector<double> a = method.affinity().dense();
  check_affinity(a, expected, K);
  check_row0_top(a, K, [&](std::size_t j) { return dot(s.g[0], s.g[j]); });  // the most aligned gradient
  // Centred: m from the gradients minus their row-weighted mean; differs from the uncentred step.
  MetaWeights centred(K, MetaWeightOptions{eta, lr, 1, 1, true});
  centred.observe(s.probe, s.batch, 0);
  CHECK(centred.affinity().dense()[1] != Approx(a[1]).epsilon(1e-4));
  // finish() flushes an open window.
  MetaWeights open(K, MetaWeightOptions{eta, lr, 1, 10});
  open.observe(s.probe, s.batch, 0);
  CHECK(open.pairs_observed() == 0);
  open.finish();
  CHECK(open.affinity().dense()[5 * K + 2] == Approx(expected[5 * K + 2]).epsilon(1e-5));
}

TEST_CASE("lookahead, one window with a head: only pairs with a head end, each other scenario's strongest ones kept", "[aggregation]") {
  Setup s;
  const std::size_t K = 8;
  REQUIRE(s.batch.present.size() == K);
  const double eta = 0.3;
  // Reference: every pair (no limit), streamed at finish().
  LookaheadAffinity all(K, LookaheadOptions{1, eta, 5});
  all.observe(s.probe, s.batch, 0);
  all.finish();
  const SparseAffinity full = all.affinity();
  REQUIRE(full.measured_pairs == K * (K - 1) / 2);
  const std::vector<double> a = full.dense();
  // Head = scenarios {1, 4, 6}; each other scenario keeps 2 of its 3 pairs with the head.
  PairLimit limit;
  limit.head = {false, true, false, false, true, false, true, false};
  limit.neighbours = 2;
  LookaheadAffinity limited(K, LookaheadOptions{1, eta, 5, false, limit});
  limited.observe(s.probe, s.batch, 0);
  limited.finish();
  const SparseAffinity got = limited.affinity();
  // Used pairs: 3 within the head + 5 x 3 head-tail; centre = their mean sym.
  CHECK(got.measured_pairs == 3 + 5 * 3);
  CHECK(limited.pairs_observed() == 2 * (3 + 5 * 3));
  auto sym = [&](std::size_t i, std::size_t j) { return (a[i * K + j] + a[j * K + i]) / 2; };
  double centre = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = i + 1; j < K; ++j)
      if (limit.head[i] || limit.head[j]) centre += sym(i, j);
  centre /= 18;
  CHECK(got.centre == Approx(centre).epsilon(1e-9));
  // Kept: the 3 head pairs and, per tail scenario, the 2 head partners of the largest |sym - centre|.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {{1, 4}, {1, 6}, {4, 6}};
  for (std::uint32_t t : {0u, 2u, 3u, 5u, 7u}) {
    std::vector<std::uint32_t> h = {1, 4, 6};
    std::sort(h.begin(), h.end(), [&](std::uint32_t x, std::uint32_t y) { return std::abs(sym(t, x) - centre) > std::abs(sym(t, y) - centre); });
    for (int k = 0; k < 2; ++k) expected.emplace_back(std::min(t, h[k]), std::max(t, h[k]));
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> kept;
  for (const AffinityPair& p : got.pairs) {
    kept.emplace_back(p.i, p.j);
    INFO("pair " << p.i << ", " << p.j);
    CHECK(p.ij == Approx(a[p.i * K + p.j]).epsilon(1e-9));  // the same values as without the limit
    CHECK(p.ji == Approx(a[p.j * K + p.i]).epsilon(1e-9));
  }
  CHECK(kept == expected);
}

TEST_CASE("a window too large for the pair table is refused naming the method and the way out", "[aggregation]") {
  CHECK_NOTHROW(check_table_window(kMaxTableWindow, "meta_weights"));
  CHECK_THROWS_WITH(check_table_window(kMaxTableWindow + 1, "meta_weights"),
                    Catch::Contains("meta_weights") && Catch::Contains("5001 scenarios") && Catch::Contains("grouping = lookahead"));
}

TEST_CASE("lookahead, accumulated mode with cosine: the cosine of the window means, symmetric", "[aggregation]") {
  Setup s;
  const std::size_t K = 8;
  REQUIRE(s.batch.present.size() == K);
  LookaheadOptions o{1, 0.3, 5};
  o.cosine = true;
  for (bool streamed : {true, false}) {
    LookaheadAffinity method(K, o);
    method.observe(s.probe, s.batch, 0);
    if (streamed) {
      method.finish();  // the only window, streamed
    } else {
      LookaheadAffinity closing(K, LookaheadOptions{1, 0.3, 1, false, {}, true});
      closing.observe(s.probe, s.batch, 0);  // a window of one step closes at once: the pair table
      method = closing;
    }
    const std::vector<double> a = method.affinity().dense();
    for (std::size_t i : {0, 2, 5})
      for (std::size_t j : {1, 3, 7}) {
        const double expected = dot(s.g[i], s.g[j]) / std::sqrt(dot(s.g[i], s.g[i]) * dot(s.g[j], s.g[j]));
        INFO((streamed ? "streamed" : "table") << " pair " << i << " -> " << j);
        CHECK(a[i * K + j] == Approx(expected).epsilon(1e-5));
        CHECK(a[j * K + i] == Approx(expected).epsilon(1e-5));
      }
  }
}
