// softmax / log_softmax / logsumexp along any axis: hand-computed values (including masking with
// -inf and large inputs), float64 finite-difference gradients (smooth everywhere: step 1e-6,
// |a - n| <= 1e-7 + 1e-5 |n|, no kinks to avoid), reference vs optimised kernels on sizes that
// take the parallel path, and axis errors.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {
const double kInf = std::numeric_limits<double>::infinity();
}

TEST_CASE("softmax family: values", "[nn][op:softmax][op:log_softmax][op:logsumexp]") {
  const Tensor x = Tensor::from({3}, std::vector<double>{1, 2, 3});
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);  // 30.19287485
  const auto p = softmax(x, 0).to_vector();
  CHECK(p[0] == Approx(std::exp(1.0) / z));
  CHECK(p[2] == Approx(0.66524095823));
  CHECK(log_softmax(x, -1).to_vector()[1] == Approx(2 - std::log(z)));
  CHECK(logsumexp(x, 0).item() == Approx(3.40760596444));
  CHECK(logsumexp(x, 0).rank() == 0);
  CHECK(logsumexp(x, 0, true).shape() == Shape{1});

  // Along axis 0 of [2, 2]: each column is normalised on its own.
  const Tensor m = Tensor::from({2, 2}, std::vector<double>{0, 1, std::log(3.0), 1});
  CHECK(softmax(m, 0).to_vector()[0] == Approx(0.25));
  CHECK(softmax(m, 0).to_vector()[1] == Approx(0.5));
  CHECK(logsumexp(m, 0).to_vector()[0] == Approx(std::log(4.0)));

  // Large values do not overflow (shifted by the maximum); float32 too.
  const Tensor big = Tensor::from({2}, std::vector<float>{1000.f, 1000.f});
  CHECK(softmax(big, 0).to_vector() == std::vector<double>{0.5, 0.5});
  CHECK(logsumexp(big, 0).item() == Approx(1000 + std::log(2.0)));
  CHECK(log_softmax(Tensor::from({2}, std::vector<float>{0.f, -200.f}), 0).to_vector()[1] ==
        Approx(-200.0));
}

TEST_CASE("softmax family: -inf masks a class and an all -inf line follows PyTorch", "[nn][op:softmax][op:logsumexp]") {
  const Tensor x = Tensor::from({2, 3}, std::vector<double>{0, -kInf, 0, -kInf, -kInf, -kInf});
  const auto p = softmax(x, 1).to_vector();
  CHECK(p[0] == 0.5);
  CHECK(p[1] == 0.0);
  CHECK(std::isnan(p[3]));  // torch.softmax of an all -inf row is NaN
  const auto l = logsumexp(x, 1).to_vector();
  CHECK(l[0] == Approx(std::log(2.0)));
  CHECK(l[1] == -kInf);  // torch.logsumexp gives -inf
  CHECK(log_softmax(x, 1).to_vector()[1] == -kInf);
}

TEST_CASE("softmax family: finite-difference gradients", "[nn][gradcheck][op:softmax][op:log_softmax][op:logsumexp]") {
  Tensor x = random_tensor({3, 4, 5}, 31, -2, 2).set_requires_grad(true);
  for (int axis : {0, 1, 2, -1}) {
    INFO("axis " << axis);
    CHECK(gradcheck("softmax", [axis](auto& v) { return softmax(v[0], axis); }, {x}) == "");
    CHECK(gradcheck("log_softmax", [axis](auto& v) { return log_softmax(v[0], axis); }, {x}) == "");
    CHECK(gradcheck("logsumexp", [axis](auto& v) { return logsumexp(v[0], axis); }, {x}) == "");
  }
  CHECK(gradcheck("logsumexp keepdim", [](auto& v) { return logsumexp(v[0], 1, true); }, {x}) == "");
  Tensor v1 = random_tensor({6}, 32, -3, 3).set_requires_grad(true);
  CHECK(gradcheck("softmax 1-D", [](auto& v) { return softmax(v[0], 0); }, {v1}) == "");
}

TEST_CASE("softmax family: optimised kernels match the reference", "[nn][kernels][op:softmax][op:log_softmax][op:logsumexp]") {
  // [O, D, I] with I > 1 (axis 1), I == 1 (axis 2) and O == 1 (axis 0); all above kGrain.
  const Tensor x = random_tensor({40, 150, 70}, 33, -5, 5, DType::F32).set_requires_grad(true);
  for (int axis : {0, 1, 2}) {
    INFO("axis " << axis);
    // Same arithmetic in the same order per line: equal up to rounding (expected bit-identical).
    CHECK(compare_kernel_paths("softmax", [axis](auto& v) { return softmax(v[0], axis); }, {x}, 1e-6, 1e-7) == "");
    CHECK(compare_kernel_paths("log_softmax", [axis](auto& v) { return log_softmax(v[0], axis); }, {x}, 1e-6, 1e-7) == "");
    CHECK(compare_kernel_paths("logsumexp", [axis](auto& v) { return logsumexp(v[0], axis); }, {x}, 1e-6, 1e-7) == "");
  }
}

TEST_CASE("log_softmax_pick: values by hand and equal to the composite pick(log_softmax)", "[nn][op:log_softmax_pick]") {
  const Tensor x = Tensor::from({2, 3}, std::vector<double>{1, 2, 3, 0, -kInf, 0});
  const auto v = log_softmax_pick(x, {2, 0}).to_vector();
  CHECK(v[0] == Approx(3 - std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0))));  // -0.40760596
  CHECK(v[1] == Approx(-std::log(2.0)));  // the -inf class is masked
  // Gradient by hand: g_r ([c == y_r] - softmax(x_r)_c); the masked class gets 0.
  Tensor xg = x.clone().set_requires_grad(true);
  sum_all(mul(log_softmax_pick(xg, {2, 0}), Tensor::from({2}, std::vector<double>{1.0, -2.0}))).backward();
  const auto d = xg.grad().to_vector();
  const double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  CHECK(d[0] == Approx(-std::exp(1.0) / z));
  CHECK(d[2] == Approx(1 - std::exp(3.0) / z));
  CHECK(d[3] == Approx(-2.0 * (1 - 0.5)));
  CHECK(d[4] == 0.0);
  CHECK(d[5] == Approx(-2.0 * -0.5));

  // Float32 on a language-model-sized row block: the fused op and the composite agree.
  const Tensor big = random_tensor({37, 3000}, 34, -8, 8, DType::F32);
  std::vector<std::int64_t> labels(37);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::int64_t((i * 977) % 3000);
  const auto fused = log_softmax_pick(big, labels).to_vector();
  const auto composite = pick(log_softmax(big, 1), labels).to_vector();
  for (std::size_t i = 0; i < fused.size(); ++i) CHECK(fused[i] == Approx(composite[i]).epsilon(1e-6).margin(1e-5));
}

TEST_CASE("log_softmax_pick: finite-difference gradients, kernels, errors", "[nn][gradcheck][kernels][op:log_softmax_pick]") {
  Tensor x = random_tensor({4, 7}, 35, -3, 3).set_requires_grad(true);
  CHECK(gradcheck("log_softmax_pick", [](auto& v) { return log_softmax_pick(v[0], {6, 0, 3, 3}); }, {x}) == "");
  // Rows x classes above kGrain: the parallel path against the reference, values and gradient.
  const Tensor big = random_tensor({300, 1000}, 36, -6, 6, DType::F32).set_requires_grad(true);
  std::vector<std::int64_t> labels(300);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = std::int64_t((i * 31) % 1000);
  CHECK(compare_kernel_paths("log_softmax_pick", [&](auto& v) { return log_softmax_pick(v[0], labels); }, {big}, 1e-6, 1e-7) == "");
  const Tensor y = Tensor::zeros({2, 3});
  CHECK_THROWS_WITH(log_softmax_pick(y, {0, 3}), Catch::Contains("log_softmax_pick") && Catch::Contains("label 3") &&
                                                     Catch::Contains("C = 3") && Catch::Contains("f32[2, 3]"));
  CHECK_THROWS_WITH(log_softmax_pick(y, {0}), Catch::Contains("log_softmax_pick") && Catch::Contains("1 labels"));
  CHECK_THROWS_WITH(log_softmax_pick(Tensor::zeros({6}), std::vector<std::int64_t>(6, 0)),
                    Catch::Contains("log_softmax_pick") && Catch::Contains("2-D"));
}

TEST_CASE("softmax family: bad axes name the op and the shape", "[nn][errors][op:softmax]") {
  CHECK_THROWS_WITH(softmax(Tensor::zeros({2, 3}), 2), Catch::Contains("softmax") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(log_softmax(Tensor::zeros({2, 3}), -3), Catch::Contains("log_softmax"));
  CHECK_THROWS_WITH(logsumexp(Tensor::scalar(1.0), 0), Catch::Contains("logsumexp") && Catch::Contains("f32[]"));
}
