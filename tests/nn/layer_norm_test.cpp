// layer_norm: hand-computed values, float64 finite-difference gradients for x, gamma and beta
// (smooth: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|; rows kept away from constant, where rstd is
// dominated by eps, by drawing inputs uniform in [-2, 2)), reference vs optimised kernels with
// several row chunks, bit-identical dgamma / dbeta for 1 and 2 threads, and shape errors.
#include <omp.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("layer_norm: values", "[nn][op:layer_norm]") {
  const Tensor x = Tensor::from({2, 4}, std::vector<double>{1, 2, 3, 4, -1, -1, 1, 1});
  const Tensor gamma = Tensor::from({4}, std::vector<double>{1, 1, 2, 1});
  const Tensor beta = Tensor::from({4}, std::vector<double>{0, 0, 0, 10});
  const auto y = layer_norm(x, gamma, beta).to_vector();
  // Row 0: mean 2.5, biased var 1.25.  Row 1: mean 0, var 1.
  const double r0 = 1 / std::sqrt(1.25 + 1e-5), r1 = 1 / std::sqrt(1 + 1e-5);
  CHECK(y[0] == Approx(-1.5 * r0));
  CHECK(y[2] == Approx(2 * 0.5 * r0));
  CHECK(y[3] == Approx(1.5 * r0 + 10));
  CHECK(y[4] == Approx(-r1));
  CHECK(y[7] == Approx(r1 + 10));
  // A constant row normalises to beta (0 / sqrt(eps)).
  const Tensor c = Tensor::full({1, 3}, 7.0, DType::F64);
  const Tensor ones = Tensor::full({3}, 1.0, DType::F64), zeros = Tensor::zeros({3}, DType::F64);
  CHECK(layer_norm(c, ones, zeros).to_vector() == std::vector<double>{0, 0, 0});
}

TEST_CASE("layer_norm: finite-difference gradients", "[nn][gradcheck][op:layer_norm]") {
  Tensor x = random_tensor({2, 3, 5}, 41, -2, 2).set_requires_grad(true);
  Tensor gamma = random_tensor({5}, 42, 0.5, 1.5).set_requires_grad(true);
  Tensor beta = random_tensor({5}, 43, -1, 1).set_requires_grad(true);
  CHECK(gradcheck("layer_norm", [](auto& v) { return layer_norm(v[0], v[1], v[2]); }, {x, gamma, beta}) == "");
  CHECK(gradcheck("layer_norm eps 0.1", [](auto& v) { return layer_norm(v[0], v[1], v[2], 0.1); }, {x, gamma, beta}) == "");
  Tensor x1 = random_tensor({7}, 44, -2, 2).set_requires_grad(true);
  Tensor g7 = random_tensor({7}, 45, 0.5, 1.5), b7 = random_tensor({7}, 46);
  CHECK(gradcheck("layer_norm 1-D, x only", [](auto& v) { return layer_norm(v[0], v[1], v[2]); }, {x1, g7, b7}) == "");
}

TEST_CASE("layer_norm: optimised kernels match the reference", "[nn][kernels][op:layer_norm]") {
  // 3000 rows of 64: 12 row chunks of 256 in the optimised backward.
  auto leaf = [](Shape s, std::uint64_t seed, double lo, double hi) {
    return random_tensor(s, seed, lo, hi, DType::F32).set_requires_grad(true);
  };
  const Tensor x = leaf({3000, 64}, 47, -3, 3), gamma = leaf({64}, 48, 0.5, 1.5), beta = leaf({64}, 49, -1, 1);
  // y and dx: same per-row arithmetic (tight). dgamma / dbeta: float32 sums of 3000 O(1) terms,
  // serial vs 12 chunks, so they differ by accumulated rounding (~1e-5 of the terms' scale).
  CHECK(compare_kernel_paths("layer_norm", [](auto& v) { return layer_norm(v[0], v[1], v[2]); }, {x, gamma, beta}, 1e-4, 2e-4) == "");
}

TEST_CASE("layer_norm: dgamma and dbeta are bit-identical for 1 and 2 threads", "[nn][determinism][op:layer_norm]") {
  const auto run = [](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    Tensor x = random_tensor({3000, 64}, 50, -3, 3, DType::F32).set_requires_grad(true);
    Tensor gamma = random_tensor({64}, 51, 0.5, 1.5, DType::F32).set_requires_grad(true);
    Tensor beta = random_tensor({64}, 52, -1, 1, DType::F32).set_requires_grad(true);
    const Tensor r = random_tensor({3000, 64}, 53, -1, 1, DType::F32);
    sum_all(mul(layer_norm(x, gamma, beta), r)).backward();
    omp_set_num_threads(saved);
    return std::vector<std::vector<double>>{gamma.grad().to_vector(), beta.grad().to_vector(),
                                            x.grad().to_vector()};
  };
  CHECK(run(1) == run(2));
}

TEST_CASE("layer_norm: shape errors name the op and shapes", "[nn][errors][op:layer_norm]") {
  const Tensor x = Tensor::zeros({2, 4});
  CHECK_THROWS_WITH(layer_norm(x, Tensor::zeros({3}), Tensor::zeros({4})),
                    Catch::Contains("layer_norm") && Catch::Contains("f32[2, 4]") && Catch::Contains("f32[3]"));
  CHECK_THROWS_WITH(layer_norm(x, Tensor::zeros({4}), Tensor::zeros({4}), 0.0), Catch::Contains("eps"));
}
