// sampled_softmax_loss and CandidateSampler: hand-computed values (temperature applied before the
// log-Q correction, accidental hits masked), float64 finite-difference gradients (smooth; masked
// columns have exactly zero gradient on both sides: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|), the
// large-S limits of the gradient (full softmax with the correction; biased without it), the
// sampler's distribution and determinism, reference vs optimised kernels, and API errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

// Rows ids of table [V, D] copied into a new float64 leaf [n, D] (the caller-side gather).
Tensor gather_leaf(const Tensor& table, const std::vector<std::int64_t>& ids) {
  const std::int64_t D = table.shape()[1];
  std::vector<double> v;
  const auto t = table.to_vector();
  for (std::int64_t id : ids) v.insert(v.end(), t.begin() + id * D, t.begin() + (id + 1) * D);
  return Tensor::from({std::int64_t(ids.size()), D}, v).set_requires_grad(true);
}

// Adds the gradient of gathered rows back to a dense [V * D] table gradient.
void scatter_grad(std::vector<double>& dtable, const Tensor& rows, const std::vector<std::int64_t>& ids) {
  const std::int64_t D = rows.shape()[1];
  const auto g = rows.grad().to_vector();
  for (std::size_t k = 0; k < ids.size(); ++k)
    for (std::int64_t d = 0; d < D; ++d) dtable[ids[k] * D + d] += g[k * D + d];
}

double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < a.size(); ++i) num += (a[i] - b[i]) * (a[i] - b[i]), den += b[i] * b[i];
  return std::sqrt(num / den);
}

Tensor vec(std::vector<double> v) { return Tensor::from({std::int64_t(v.size())}, v); }

}  // namespace

TEST_CASE("sampled_softmax_loss: temperature divides the raw logits before the log-Q correction", "[nn][op:sampled_softmax_loss]") {
  SampledSoftmaxBatch batch;
  batch.label_rows = Tensor::from({1, 1}, std::vector<double>{1.5});
  batch.label_bias = vec({0.3});
  batch.sampled_rows = Tensor::from({2, 1}, std::vector<double>{0.5, -1});
  batch.sampled_bias = vec({0.1, -0.2});
  batch.labels = {4};
  batch.sampled_ids = {1, 2};
  batch.label_log_q = {std::log(0.2)};
  batch.sampled_log_q = {std::log(0.5), std::log(0.3)};
  const Tensor user = Tensor::from({1, 1}, std::vector<double>{2});
  SampledSoftmaxOptions opt;
  opt.temperature = 0.5;
  // l_j = (u v_j + c_j) / T - log Q_j
  const double l0 = (3 + 0.3) / 0.5 - std::log(0.2), l1 = (1 + 0.1) / 0.5 - std::log(0.5),
               l2 = (-2 - 0.2) / 0.5 - std::log(0.3);
  const double expected = -l0 + std::log(std::exp(l0) + std::exp(l1) + std::exp(l2));
  const double got = sampled_softmax_loss(user, batch, opt).item();
  CHECK(got == Approx(expected).epsilon(1e-12));
  // The other placement, (u v + c - log Q) / T, gives a clearly different value.
  const double a0 = (3.3 - std::log(0.2)) / 0.5, a1 = (1.1 - std::log(0.5)) / 0.5, a2 = (-2.2 - std::log(0.3)) / 0.5;
  CHECK(std::fabs(got - (-a0 + std::log(std::exp(a0) + std::exp(a1) + std::exp(a2)))) > 1e-3);
  // Without the correction: plain (u v + c) / T.
  opt.logq_correction = false;
  const double b0 = 3.3 / 0.5, b1 = 1.1 / 0.5, b2 = -2.2 / 0.5;
  CHECK(sampled_softmax_loss(user, batch, opt).item() ==
        Approx(-b0 + std::log(std::exp(b0) + std::exp(b1) + std::exp(b2))).epsilon(1e-12));
}

TEST_CASE("sampled_softmax_loss: accidental hits are masked", "[nn][op:sampled_softmax_loss]") {
  // Example 0 (label 3) hits column 1; example 1 (label 7) hits columns 0 and 3.
  const Tensor user = Tensor::from({2, 2}, std::vector<double>{0.5, -1, 1, 0.25});
  SampledSoftmaxBatch batch;
  batch.labels = {3, 7};
  batch.sampled_ids = {7, 3, 5, 7};
  batch.label_rows = Tensor::from({2, 2}, std::vector<double>{1, 0, 0, 1});
  batch.sampled_rows = Tensor::from({4, 2}, std::vector<double>{0, 1, 1, 0, -1, 1, 0, 1});
  batch.label_log_q = {std::log(0.1), std::log(0.2)};
  batch.sampled_log_q = {std::log(0.2), std::log(0.1), std::log(0.3), std::log(0.2)};
  SampledSoftmaxOptions opt;
  opt.reduction = Reduction::None;
  // Logits by hand (u . v - log Q): example 0: pos 0.5 - log .1; kept negatives s=0, 2, 3.
  const double p0 = 0.5 - std::log(0.1);
  const double e00 = -1 - std::log(0.2), e02 = -1.5 - std::log(0.3), e03 = -1 - std::log(0.2);
  const double e01 = 0.5 - std::log(0.1);  // the hit
  const double p1 = 0.25 - std::log(0.2), e12 = -0.75 - std::log(0.3);
  const double l0 = -p0 + std::log(std::exp(p0) + std::exp(e00) + std::exp(e02) + std::exp(e03));
  const double l1 = -p1 + std::log(std::exp(p1) + std::exp(e12) + std::exp(1 - std::log(0.1)));
  const auto masked = sampled_softmax_loss(user, batch, opt).to_vector();
  CHECK(masked[0] == Approx(l0).epsilon(1e-12));
  CHECK(masked[1] == Approx(l1).epsilon(1e-12));
  opt.remove_accidental_hits = false;
  CHECK(sampled_softmax_loss(user, batch, opt).to_vector()[0] ==
        Approx(-p0 + std::log(std::exp(p0) + std::exp(e00) + std::exp(e01) + std::exp(e02) + std::exp(e03))).epsilon(1e-12));

  // An example whose every negative is a hit: loss 0, gradients 0, nothing NaN.
  SampledSoftmaxBatch all_hits;
  all_hits.labels = {2};
  all_hits.sampled_ids = {2, 2};
  all_hits.label_rows = Tensor::from({1, 2}, std::vector<double>{1, 1}).set_requires_grad(true);
  all_hits.sampled_rows = Tensor::from({2, 2}, std::vector<double>{1, 1, 1, 1}).set_requires_grad(true);
  all_hits.label_log_q = {std::log(0.5)};
  all_hits.sampled_log_q = {std::log(0.5), std::log(0.5)};
  Tensor u = Tensor::from({1, 2}, std::vector<double>{3, -2}).set_requires_grad(true);
  Tensor loss = sampled_softmax_loss(u, all_hits);
  CHECK(loss.item() == 0.0);
  loss.backward();
  CHECK(u.grad().to_vector() == std::vector<double>{0, 0});
  CHECK(all_hits.sampled_rows.grad().to_vector() == std::vector<double>{0, 0, 0, 0});
}

TEST_CASE("sampled_softmax_loss: finite-difference gradients", "[nn][gradcheck][op:sampled_softmax_loss]") {
  auto leaf = [](Shape s, std::uint64_t seed) { return random_tensor(s, seed, -1, 1).set_requires_grad(true); };
  const std::vector<Tensor> inputs{leaf({3, 4}, 91), leaf({3, 4}, 92), leaf({5, 4}, 93), leaf({3}, 94), leaf({5}, 95)};
  const auto make = [](const SampledSoftmaxOptions& opt) {
    return [opt](const std::vector<Tensor>& v) {
      SampledSoftmaxBatch b;
      b.label_rows = v[1];
      b.sampled_rows = v[2];
      b.label_bias = v[3];
      b.sampled_bias = v[4];
      b.labels = {2, 9, 4};
      b.sampled_ids = {9, 1, 2, 9, 6};  // hits: (0, 2), (1, 0), (1, 3)
      b.label_log_q = {-2.0, -3.5, -1.0};
      b.sampled_log_q = {-3.5, -0.5, -2.0, -3.5, -4.0};
      return sampled_softmax_loss(v[0], b, opt);
    };
  };
  SampledSoftmaxOptions all;
  all.temperature = 0.7;
  all.reduction = Reduction::None;
  CHECK(gradcheck("sampled_softmax_loss (correction, hits, temperature, bias)", make(all), inputs) == "");
  SampledSoftmaxOptions plain;
  plain.logq_correction = false;
  plain.remove_accidental_hits = false;
  CHECK(gradcheck("sampled_softmax_loss (plain, mean)", make(plain), inputs) == "");
}

// With S draws from Q, sum_k e^{l_k} / Q(s_k) estimates S * sum_j e^{l_j}, so the corrected
// sampled gradient tends to the full softmax gradient (hit removal off); without the correction
// popular items are over-weighted. With hit removal on, the limit is the gradient of
// -l_y + log(sum_{j != y} e^{l_j}).
TEST_CASE("sampled_softmax_loss: with many samples the gradient approaches its analytic limit", "[nn][op:sampled_softmax_loss][statistics]") {
  const std::int64_t V = 40, D = 6, S = 100000;
  const Tensor table = random_tensor({V, D}, 96, -0.7, 0.7);
  const Tensor user0 = random_tensor({4, D}, 97, -1, 1);
  const std::vector<std::int64_t> labels{0, 5, 17, 39};
  std::vector<double> counts(V);
  for (std::int64_t j = 0; j < V; ++j) counts[j] = 1000.0 / double(j + 1);
  const CandidateSampler sampler = CandidateSampler::unigram(counts, 1.0);
  const CandidateSampler::Draw draw = sampler.sample(S, 5, 0);

  struct Grads {
    std::vector<double> user, table;
  };
  const auto full_grads = [&](bool exclude_label) {
    Tensor u = user0.clone().set_requires_grad(true), t = table.clone().set_requires_grad(true);
    Tensor logits = matmul_t(u, t);
    Tensor loss;
    if (!exclude_label) {
      loss = softmax_cross_entropy(logits, labels);
    } else {
      std::vector<double> mask(4 * V, 0.0);
      for (int b = 0; b < 4; ++b) mask[b * V + labels[b]] = -std::numeric_limits<double>::infinity();
      loss = mean_all(sub(logsumexp(add(logits, Tensor::from({4, V}, mask)), 1), pick(logits, labels)));
    }
    loss.backward();
    return Grads{u.grad().to_vector(), t.grad().to_vector()};
  };
  const auto sampled_grads = [&](bool correction, bool remove_hits) {
    Tensor u = user0.clone().set_requires_grad(true);
    SampledSoftmaxBatch b;
    b.labels = labels;
    b.sampled_ids = draw.ids;
    b.label_rows = gather_leaf(table, labels);
    b.sampled_rows = gather_leaf(table, draw.ids);
    b.label_log_q = sampler.log_q(labels);
    b.sampled_log_q = draw.log_q;
    SampledSoftmaxOptions opt;
    opt.logq_correction = correction;
    opt.remove_accidental_hits = remove_hits;
    sampled_softmax_loss(u, b, opt).backward();
    Grads g{u.grad().to_vector(), std::vector<double>(V * D, 0.0)};
    scatter_grad(g.table, b.label_rows, labels);
    scatter_grad(g.table, b.sampled_rows, draw.ids);
    return g;
  };
  const Grads full = full_grads(false), excluded = full_grads(true);
  const Grads corrected = sampled_grads(true, false);
  INFO("corrected vs full: user " << relative_error(corrected.user, full.user) << ", table "
                                  << relative_error(corrected.table, full.table));
  CHECK(relative_error(corrected.user, full.user) < 0.02);
  CHECK(relative_error(corrected.table, full.table) < 0.02);
  const Grads uncorrected = sampled_grads(false, false);
  INFO("uncorrected vs full: user " << relative_error(uncorrected.user, full.user));
  CHECK(relative_error(uncorrected.user, full.user) > 0.1);  // 0.17 here, vs 0.006 corrected
  const Grads hits_removed = sampled_grads(true, true);
  INFO("hits removed vs limit: user " << relative_error(hits_removed.user, excluded.user));
  CHECK(relative_error(hits_removed.user, excluded.user) < 0.02);
  CHECK(relative_error(hits_removed.table, excluded.table) < 0.02);
}

TEST_CASE("sampled_softmax_loss: optimised kernels match the reference", "[nn][kernels][op:sampled_softmax_loss]") {
  auto leaf = [](Shape s, std::uint64_t seed) { return random_tensor(s, seed, -1, 1, DType::F32).set_requires_grad(true); };
  const std::int64_t B = 64, S = 2000, D = 32, V = 5000;
  const CandidateSampler sampler = CandidateSampler::unigram(std::vector<double>(V, 1.0), 1.0);
  const auto draw = sampler.sample(S, 1, 0);
  std::vector<std::int64_t> labels(B);
  for (std::int64_t b = 0; b < B; ++b) labels[b] = draw.ids[b * 7];  // some accidental hits
  const auto f = [&](const std::vector<Tensor>& v) {
    SampledSoftmaxBatch batch;
    batch.label_rows = v[1];
    batch.sampled_rows = v[2];
    batch.sampled_bias = v[3];
    batch.labels = labels;
    batch.sampled_ids = draw.ids;
    batch.label_log_q = sampler.log_q(labels);
    batch.sampled_log_q = draw.log_q;
    SampledSoftmaxOptions opt;
    opt.temperature = 0.2;
    opt.reduction = Reduction::None;
    return sampled_softmax_loss(v[0], batch, opt);
  };
  CHECK(compare_kernel_paths("sampled_softmax_loss", f, {leaf({B, D}, 1), leaf({B, D}, 2), leaf({S, D}, 3), leaf({S}, 4)}, 1e-4, 1e-5) == "");
}

TEST_CASE("CandidateSampler: draws follow Q = counts^alpha, deterministically", "[nn][sampler]") {
  const std::vector<double> counts{0, 1, 2, 3, 4, 10};
  const CandidateSampler unigram = CandidateSampler::unigram(counts, 1.0);
  CHECK(unigram.vocabulary() == 6);
  CHECK(unigram.log_q(5) == Approx(std::log(0.5)));
  CHECK(unigram.log_q(0) == -std::numeric_limits<double>::infinity());
  const std::int64_t n = 200000;
  const auto draw = unigram.sample(n, 3, 1);
  std::vector<double> freq(6, 0.0);
  for (std::int64_t k = 0; k < n; ++k) {
    freq[draw.ids[k]] += 1.0 / double(n);
    REQUIRE(draw.log_q[k] == unigram.log_q(draw.ids[k]));
  }
  CHECK(freq[0] == 0.0);  // count 0 is never drawn
  for (int j = 1; j < 6; ++j) {
    const double q = counts[j] / 20.0;
    INFO("id " << j << ": frequency " << freq[j] << " vs Q " << q);
    CHECK(std::fabs(freq[j] - q) < 4 * std::sqrt(q * (1 - q) / double(n)));
  }
  // Same (seed, step): same ids; another step or seed: other ids.
  CHECK(unigram.sample(50, 3, 1).ids == std::vector<std::int64_t>(draw.ids.begin(), draw.ids.begin() + 50));
  CHECK(unigram.sample(50, 3, 2).ids != unigram.sample(50, 3, 1).ids);
  CHECK(unigram.sample(50, 4, 1).ids != unigram.sample(50, 3, 1).ids);
  // alpha < 1 flattens Q; alpha = 0 is uniform over every id.
  CHECK(CandidateSampler::unigram(counts, 0.5).log_q(5) ==
        Approx(std::log(std::sqrt(10.0) / (1 + std::sqrt(2.0) + std::sqrt(3.0) + 2 + std::sqrt(10.0)))));
  CHECK(CandidateSampler::unigram(counts, 0.0).log_q(0) == Approx(std::log(1.0 / 6)));
}

TEST_CASE("sampled softmax and sampler: errors name the op and the offending value", "[nn][errors][op:sampled_softmax_loss][sampler]") {
  CHECK_THROWS_WITH(CandidateSampler::unigram({1, -2, 3}, 1.0), Catch::Contains("unigram") && Catch::Contains("id 1"));
  CHECK_THROWS_WITH(CandidateSampler({0, 0}), Catch::Contains("CandidateSampler") && Catch::Contains("zero"));
  CHECK_THROWS_WITH(CandidateSampler::unigram({1, 2}, -1.0), Catch::Contains("alpha"));
  CHECK_THROWS_WITH(CandidateSampler({1, 2}).log_q(2), Catch::Contains("log_q") && Catch::Contains("id 2"));

  SampledSoftmaxBatch b;
  b.label_rows = Tensor::zeros({2, 3});
  b.sampled_rows = Tensor::zeros({4, 3});
  b.labels = {0, 1};
  b.sampled_ids = {2, 3, 4, 5};
  b.label_log_q = {-1, -1};
  b.sampled_log_q = {-1, -1, -1, -1};
  const Tensor user = Tensor::zeros({2, 3});
  CHECK_NOTHROW(sampled_softmax_loss(user, b));
  CHECK_THROWS_WITH(sampled_softmax_loss(Tensor::zeros({2, 5}), b),
                    Catch::Contains("sampled_softmax_loss") && Catch::Contains("f32[2, 3]") && Catch::Contains("f32[2, 5]"));
  SampledSoftmaxBatch bad = b;
  bad.sampled_rows = Tensor::zeros({4, 2});
  CHECK_THROWS_WITH(sampled_softmax_loss(user, bad), Catch::Contains("sampled_rows") && Catch::Contains("f32[4, 2]"));
  bad = b;
  bad.sampled_log_q = {-1, -1};
  CHECK_THROWS_WITH(sampled_softmax_loss(user, bad), Catch::Contains("sampled_log_q") && Catch::Contains("2 entries"));
  bad = b;
  bad.label_log_q = {-1, -std::numeric_limits<double>::infinity()};
  CHECK_THROWS_WITH(sampled_softmax_loss(user, bad), Catch::Contains("id 1") && Catch::Contains("never draw"));
  SampledSoftmaxOptions opt;
  opt.temperature = 0;
  CHECK_THROWS_WITH(sampled_softmax_loss(user, b, opt), Catch::Contains("temperature"));
}
