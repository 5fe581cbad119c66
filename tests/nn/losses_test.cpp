// Losses: bce_with_logits (weights, reductions, the weighted-LR odds known answer), mse,
// softmax_cross_entropy and its pick primitive, pairwise_log_sigmoid. Hand-computed values,
// float64 finite-difference gradients (all smooth: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|; bce
// targets in [0, 1] so every term is smooth in logits and targets), reference vs optimised kernels
// for the ones with kernels, and API errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {
Tensor vec(std::vector<double> v) { return Tensor::from({std::int64_t(v.size())}, v); }
double softplus(double x) { return std::log1p(std::exp(x)); }
}  // namespace

TEST_CASE("bce_with_logits: values, weights and reductions", "[nn][op:bce_with_logits]") {
  const Tensor z = vec({0, 2, -3, 0.5});
  const Tensor y = vec({1, 0, 1, 0.25});
  const Tensor w = vec({1, 2, 0.5, 4});
  // l = -[y log s(z) + (1 - y) log(1 - s(z))] = softplus(z) - y z.
  const std::vector<double> l{std::log(2.0), softplus(2), softplus(3), softplus(0.5) - 0.125};
  const auto none = bce_with_logits(z, y, Tensor(), Reduction::None).to_vector();
  for (int i = 0; i < 4; ++i) CHECK(none[i] == Approx(l[i]));
  const double weighted = 1 * l[0] + 2 * l[1] + 0.5 * l[2] + 4 * l[3];
  CHECK(bce_with_logits(z, y, w, Reduction::Sum).item() == Approx(weighted));
  CHECK(bce_with_logits(z, y, w).item() == Approx(weighted / 4));  // sum(w l) / N, as PyTorch
  CHECK(bce_with_logits(z, y, w, Reduction::None).to_vector()[1] == Approx(2 * l[1]));
  // Stable far from 0 (the naive formula gives inf or nan in float32).
  const Tensor zf = Tensor::from({2}, std::vector<float>{100.f, -100.f});
  const Tensor yf = Tensor::from({2}, std::vector<float>{0.f, 1.f});
  const auto far = bce_with_logits(zf, yf, Tensor(), Reduction::None).to_vector();
  CHECK(far[0] == Approx(100.0));
  CHECK(far[1] == Approx(100.0));
}

// SPEC §6 (ranking) known answer: 10 examples, positives with watch times 3 and 5 weighted by
// them, negatives weighted 1. A constant logit z minimises sum_i w_i l_i where
// dL/dz = (1/N) sum_i w_i (sigmoid(z) - y_i) = (16 sigmoid(z) - 8) / 10, so sigmoid(z) = 1/2 and
// the odds e^z = (3 + 5) / (10 - 2) = 1.
TEST_CASE("bce_with_logits: weighted LR learns odds = sum T / (N - k)", "[nn][known-answer][op:bce_with_logits]") {
  std::vector<double> targets(10, 0.0), weights(10, 1.0);
  targets[0] = targets[1] = 1;
  weights[0] = 3;
  weights[1] = 5;
  const Tensor y = vec(targets), w = vec(weights);
  Tensor z = Tensor::from({1}, std::vector<double>{0.0}).set_requires_grad(true);
  const auto loss_at = [&](double value) {
    z.data<double>()[0] = value;
    z.zero_grad();
    Tensor loss = bce_with_logits(broadcast_to(z, Shape{10}), y, w);
    loss.backward();
    return loss.item();
  };
  // At z = 0: every term is log 2, so L = 16 log 2 / 10, and the gradient (16/2 - 8)/10 = 0.
  CHECK(loss_at(0.0) == Approx(16 * std::log(2.0) / 10));
  CHECK(z.grad().item() == Approx(0.0).margin(1e-15));
  // At z = log 3: sigmoid = 3/4, gradient (16 * 3/4 - 8) / 10 = 0.4.
  loss_at(std::log(3.0));
  CHECK(z.grad().item() == Approx(0.4));

  double value = -2.0;  // plain gradient descent, step 1 (curvature at the optimum is 0.4)
  for (int step = 0; step < 300; ++step) {
    loss_at(value);
    value -= 1.0 * z.grad().item();
  }
  CHECK(std::exp(value) == Approx(1.0).margin(1e-9));
}

TEST_CASE("bce_with_logits: finite-difference gradients", "[nn][gradcheck][op:bce_with_logits]") {
  Tensor z = random_tensor({3, 4}, 71, -4, 4).set_requires_grad(true);
  Tensor y = random_tensor({3, 4}, 72, 0, 1).set_requires_grad(true);
  Tensor w = random_tensor({3, 4}, 73, 0.5, 5).set_requires_grad(true);
  Tensor w_row = random_tensor({4}, 74, 0.5, 2).set_requires_grad(true);
  CHECK(gradcheck("bce_with_logits none", [](auto& v) { return bce_with_logits(v[0], v[1], Tensor(), Reduction::None); }, {z, y}) == "");
  CHECK(gradcheck("bce_with_logits weighted mean", [](auto& v) { return bce_with_logits(v[0], v[1], v[2]); }, {z, y, w}) == "");
  CHECK(gradcheck("bce_with_logits broadcast weights sum", [](auto& v) { return bce_with_logits(v[0], v[1], v[2], Reduction::Sum); }, {z, y, w_row}) == "");
}

TEST_CASE("bce_with_logits: optimised kernels match the reference", "[nn][kernels][op:bce_with_logits]") {
  const Tensor z = random_tensor({300, 200}, 75, -6, 6, DType::F32).set_requires_grad(true);
  const Tensor y = random_tensor({300, 200}, 76, 0, 1, DType::F32).set_requires_grad(true);
  // Element-wise with shared scalar formulas: bit-identical.
  CHECK(compare_kernel_paths("bce_with_logits", [](auto& v) { return bce_with_logits(v[0], v[1], Tensor(), Reduction::None); }, {z, y}, 0, 0) == "");
}

TEST_CASE("bce_with_logits: errors name the op and shapes", "[nn][errors][op:bce_with_logits]") {
  CHECK_THROWS_WITH(bce_with_logits(Tensor::zeros({3}), Tensor::zeros({4})),
                    Catch::Contains("bce_with_logits") && Catch::Contains("f32[3]") && Catch::Contains("f32[4]"));
  CHECK_THROWS_WITH(bce_with_logits(Tensor::zeros({2, 3}), Tensor::zeros({2, 3}), Tensor::zeros({2})),
                    Catch::Contains("bce_with_logits") && Catch::Contains("[2]"));
}

TEST_CASE("mse: values, gradients, errors", "[nn][gradcheck][op:mse]") {
  const Tensor p = vec({1, 2, 3}), t = vec({1, 0, 4});
  CHECK(mse(p, t).item() == Approx(5.0 / 3));
  CHECK(mse(p, t, Reduction::Sum).item() == 5);
  CHECK(mse(p, t, Reduction::None).to_vector() == std::vector<double>{0, 4, 1});
  Tensor a = random_tensor({3, 4}, 77).set_requires_grad(true);
  Tensor b = random_tensor({3, 4}, 78).set_requires_grad(true);
  CHECK(gradcheck("mse", [](auto& v) { return mse(v[0], v[1]); }, {a, b}) == "");
  CHECK_THROWS_WITH(mse(Tensor::zeros({3}), Tensor::zeros({3, 1})),
                    Catch::Contains("mse") && Catch::Contains("f32[3]") && Catch::Contains("f32[3, 1]"));
}

TEST_CASE("pick: values, gradient, kernels, errors", "[nn][gradcheck][kernels][op:pick]") {
  const Tensor x = Tensor::from({2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(pick(x, {2, 0}).to_vector() == std::vector<double>{3, 4});
  Tensor xr = random_tensor({4, 5}, 79).set_requires_grad(true);
  CHECK(gradcheck("pick", [](auto& v) { return pick(v[0], {0, 4, 2, 2}); }, {xr}) == "");
  const Tensor big = random_tensor({20000, 3}, 80, -1, 1, DType::F32).set_requires_grad(true);
  std::vector<std::int64_t> labels(20000);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::int64_t(i % 3);
  CHECK(compare_kernel_paths("pick", [&](auto& v) { return pick(v[0], labels); }, {big}, 0, 0) == "");
  CHECK_THROWS_WITH(pick(x, {0, 3}), Catch::Contains("pick") && Catch::Contains("label 3") &&
                                         Catch::Contains("C = 3") && Catch::Contains("f64[2, 3]"));
  CHECK_THROWS_WITH(pick(x, {0}), Catch::Contains("pick") && Catch::Contains("1 labels"));
}

TEST_CASE("softmax_cross_entropy: values", "[nn][op:softmax_cross_entropy]") {
  const Tensor z = Tensor::from({2, 3}, std::vector<double>{1, 2, 3, 1, 1, 1});
  const double l0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3;  // 0.40760596
  const auto none = softmax_cross_entropy(z, {2, 0}, Reduction::None).to_vector();
  CHECK(none[0] == Approx(l0));
  CHECK(none[1] == Approx(std::log(3.0)));
  CHECK(softmax_cross_entropy(z, {2, 0}).item() == Approx((l0 + std::log(3.0)) / 2));
  // Gradient of the mean: (softmax - onehot) / B.
  Tensor zl = z.clone().set_requires_grad(true);
  softmax_cross_entropy(zl, {2, 0}).backward();
  CHECK(zl.grad().to_vector()[3] == Approx((1.0 / 3 - 1) / 2));
  CHECK(zl.grad().to_vector()[4] == Approx((1.0 / 3) / 2));
}

TEST_CASE("softmax_cross_entropy: gradients, kernels, errors", "[nn][gradcheck][kernels][op:softmax_cross_entropy]") {
  Tensor z = random_tensor({4, 6}, 81, -3, 3).set_requires_grad(true);
  CHECK(gradcheck("softmax_cross_entropy", [](auto& v) { return softmax_cross_entropy(v[0], {5, 0, 3, 3}); }, {z}) == "");
  CHECK(gradcheck("softmax_cross_entropy none", [](auto& v) { return softmax_cross_entropy(v[0], {1, 2, 3, 4}, Reduction::None); }, {z}) == "");
  const Tensor big = random_tensor({500, 100}, 82, -4, 4, DType::F32).set_requires_grad(true);
  std::vector<std::int64_t> labels(500);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::int64_t((7 * i) % 100);
  CHECK(compare_kernel_paths("softmax_cross_entropy", [&](auto& v) { return softmax_cross_entropy(v[0], labels, Reduction::Sum); }, {big}, 1e-5, 1e-6) == "");
  CHECK_THROWS_WITH(softmax_cross_entropy(Tensor::zeros({2, 3}), {0, 3}),
                    Catch::Contains("softmax_cross_entropy") && Catch::Contains("label 3") && Catch::Contains("C = 3"));
  CHECK_THROWS_WITH(softmax_cross_entropy(Tensor::zeros({2, 3}), {0, -1}), Catch::Contains("label -1"));
  CHECK_THROWS_WITH(softmax_cross_entropy(Tensor::zeros({6}), {0}), Catch::Contains("softmax_cross_entropy") && Catch::Contains("f32[6]"));
}

TEST_CASE("pairwise_log_sigmoid: values, gradients, errors", "[nn][gradcheck][op:pairwise_log_sigmoid]") {
  const Tensor pos = vec({2, 0}), negs = vec({1, 0});
  const double expected = (std::log1p(std::exp(-1.0)) + std::log(2.0)) / 2;  // (0.31326 + 0.69315) / 2
  CHECK(pairwise_log_sigmoid(pos, negs).item() == Approx(expected));
  // [B, 1] positives against [B, K] negatives: K pairs per example.
  const Tensor p2 = Tensor::from({2, 1}, std::vector<double>{1, 0});
  const Tensor n2 = Tensor::from({2, 2}, std::vector<double>{1, 0, 0, -1});
  CHECK(pairwise_log_sigmoid(p2, n2, Reduction::Sum).item() ==
        Approx(std::log(2.0) + std::log1p(std::exp(-1.0)) + std::log(2.0) + std::log1p(std::exp(-1.0))));
  Tensor a = random_tensor({3, 1}, 83, -3, 3).set_requires_grad(true);
  Tensor b = random_tensor({3, 4}, 84, -3, 3).set_requires_grad(true);
  CHECK(gradcheck("pairwise_log_sigmoid", [](auto& v) { return pairwise_log_sigmoid(v[0], v[1]); }, {a, b}) == "");
  CHECK_THROWS_WITH(pairwise_log_sigmoid(Tensor::zeros({3}), Tensor::zeros({4})),
                    Catch::Contains("pairwise_log_sigmoid") && Catch::Contains("[3]") && Catch::Contains("[4]"));
}
