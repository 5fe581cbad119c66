// dropout: the mask is the counter-based one documented in the header (checked element by element),
// bit-identical for 1 and 2 OpenMP threads and for both kernel paths, drops a fraction ~ p and
// preserves the expectation; float64 finite-difference gradient (for a fixed (seed, step) the op
// is linear in x: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|, no kinks); p outside [0, 1) throws.
#include <omp.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("dropout: mask follows the documented counter-based rule", "[nn][op:dropout]") {
  const double p = 0.25;
  const Tensor mask = dropout_mask({1000}, DType::F64, p, 7, 3);
  const auto key = simrec::random::stream_key(7, "nn/dropout");
  const auto m = mask.to_vector();
  for (int i = 0; i < 1000; ++i) {
    const double u = simrec::random::uniform_at(key, 3, i);
    REQUIRE(m[i] == (u >= p ? 1 / (1 - p) : 0.0));
  }
  // Another step or another seed gives another mask; the same (seed, step) the same one.
  CHECK(dropout_mask({1000}, DType::F64, p, 7, 3).to_vector() == m);
  CHECK(dropout_mask({1000}, DType::F64, p, 7, 4).to_vector() != m);
  CHECK(dropout_mask({1000}, DType::F64, p, 8, 3).to_vector() != m);
}

TEST_CASE("dropout: identity when not training or p == 0", "[nn][op:dropout]") {
  const Tensor x = random_tensor({4, 5}, 61);
  CHECK(dropout(x, 0.5, 1, 0, false).same(x));
  CHECK(dropout(x, 0.0, 1, 0, true).same(x));
}

TEST_CASE("dropout: masks bit-identical for 1 and 2 threads and both kernel paths", "[nn][determinism][kernels][op:dropout]") {
  const auto mask_with = [](int threads) {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    const auto m = dropout_mask({300, 401}, DType::F32, 0.3, 11, 5).to_vector();
    omp_set_num_threads(saved);
    return m;
  };
  const auto one = mask_with(1);
  CHECK(one == mask_with(2));
  const Tensor x = random_tensor({300, 401}, 62, -1, 1, DType::F32).set_requires_grad(true);
  CHECK(compare_kernel_paths("dropout", [](auto& v) { return dropout(v[0], 0.3, 11, 5, true); }, {x}, 0, 0) == "");
}

TEST_CASE("dropout: drops a fraction p and preserves the expectation", "[nn][op:dropout]") {
  const std::int64_t n = 200000;
  for (double p : {0.1, 0.5, 0.8}) {
    INFO("p = " << p);
    const auto y = dropout(Tensor::full({n}, 1.0, DType::F64), p, 3, 9, true).to_vector();
    double zeros = 0, total = 0;
    for (double v : y) zeros += v == 0.0, total += v;
    const double sigma = std::sqrt(p * (1 - p) / double(n));  // binomial standard error
    CHECK(std::fabs(zeros / double(n) - p) < 4 * sigma);
    // mean(y) = (1 - frac_zero) / (1 - p): expectation 1, standard error sigma / (1 - p).
    CHECK(std::fabs(total / double(n) - 1.0) < 4 * sigma / (1 - p));
  }
}

TEST_CASE("dropout: gradient is g * mask", "[nn][gradcheck][op:dropout]") {
  Tensor x = random_tensor({6, 7}, 63).set_requires_grad(true);
  CHECK(gradcheck("dropout", [](auto& v) { return dropout(v[0], 0.4, 2, 1, true); }, {x}) == "");
  x.zero_grad();
  sum_all(dropout(x, 0.4, 2, 1, true)).backward();
  CHECK(x.grad().to_vector() == dropout_mask({6, 7}, DType::F64, 0.4, 2, 1).to_vector());
}

TEST_CASE("dropout: p outside 0 <= p < 1 throws naming the op and the value", "[nn][errors][op:dropout]") {
  const Tensor x = Tensor::zeros({3});
  CHECK_THROWS_WITH(dropout(x, 1.0, 0, 0, true), Catch::Contains("dropout") && Catch::Contains("1"));
  CHECK_THROWS_WITH(dropout(x, -0.1, 0, 0, true), Catch::Contains("dropout") && Catch::Contains("-0.1"));
  CHECK_THROWS_WITH(dropout(x, std::nan(""), 0, 0, false), Catch::Contains("dropout") && Catch::Contains("nan"));
}
