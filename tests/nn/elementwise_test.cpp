// add / sub / mul / div with broadcasting, and scalar affine: values, float64 finite-difference
// gradients (smooth ops: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|), reference vs optimised kernels.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {
Tensor leaf(const Shape& s, std::uint64_t seed, double lo = -1, double hi = 1) {
  return random_tensor(s, seed, lo, hi).set_requires_grad(true);
}
}  // namespace

TEST_CASE("add/sub/mul/div forward values", "[nn][op:add][op:sub][op:mul][op:div]") {
  const Tensor a = Tensor::from({2, 2}, std::vector<double>{1, 2, 3, 4});
  const Tensor b = Tensor::from({2}, std::vector<double>{10, 20});
  CHECK(add(a, b).to_vector() == std::vector<double>{11, 22, 13, 24});
  CHECK(sub(a, b).to_vector() == std::vector<double>{-9, -18, -7, -16});
  CHECK(mul(a, b).to_vector() == std::vector<double>{10, 40, 30, 80});
  CHECK(div(a, b).to_vector() == std::vector<double>{0.1, 0.1, 0.3, 0.2});
  CHECK((a * 2.0 + 1.0).to_vector() == std::vector<double>{3, 5, 7, 9});
}

TEST_CASE("binary ops: finite-difference gradients with broadcasting",
          "[nn][gradcheck][op:add][op:sub][op:mul][op:div]") {
  const std::vector<std::pair<Shape, Shape>> cases = {
      {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{2, 1, 3, 2}, {}}};
  for (auto [sa, sb] : cases) {
    INFO("shapes " << sa.str() << " " << sb.str());
    CHECK(gradcheck("add", [](auto& x) { return add(x[0], x[1]); }, {leaf(sa, 1), leaf(sb, 2)}) == "");
    CHECK(gradcheck("sub", [](auto& x) { return sub(x[0], x[1]); }, {leaf(sa, 3), leaf(sb, 4)}) == "");
    CHECK(gradcheck("mul", [](auto& x) { return mul(x[0], x[1]); }, {leaf(sa, 5), leaf(sb, 6)}) == "");
    // Denominator kept in [0.5, 2] so the function is smooth on the step.
    CHECK(gradcheck("div", [](auto& x) { return div(x[0], x[1]); },
                    {leaf(sa, 7), leaf(sb, 8, 0.5, 2.0)}) == "");
  }
  CHECK(gradcheck("affine", [](auto& x) { return affine(x[0], -2.5, 0.75); }, {leaf({3, 5}, 9)}) == "");
}

TEST_CASE("binary ops: optimised kernels match the reference", "[nn][kernels][op:add][op:mul]") {
  // Sizes above the parallel grain so the OpenMP paths run.
  for (auto [sa, sb] : std::vector<std::pair<Shape, Shape>>{
           {{300, 200}, {300, 200}}, {{300, 200}, {200}}, {{300, 200}, {300, 1}}, {{4, 50, 3, 100}, {50, 1, 100}}}) {
    INFO("shapes " << sa.str() << " " << sb.str());
    const Tensor a = random_tensor(sa, 1, -1, 1, DType::F32).set_requires_grad(true);
    const Tensor b = random_tensor(sb, 2, 0.5, 2, DType::F32).set_requires_grad(true);
    CHECK(compare_kernel_paths("add", [](auto& x) { return add(x[0], x[1]); }, {a, b}) == "");
    CHECK(compare_kernel_paths("sub", [](auto& x) { return sub(x[0], x[1]); }, {a, b}) == "");
    CHECK(compare_kernel_paths("mul", [](auto& x) { return mul(x[0], x[1]); }, {a, b}) == "");
    CHECK(compare_kernel_paths("div", [](auto& x) { return div(x[0], x[1]); }, {a, b}) == "");
  }
}

TEST_CASE("binary ops reject shapes that do not broadcast, naming the op and shapes", "[nn][errors]") {
  const Tensor a = Tensor::zeros({3, 4}), b = Tensor::zeros({5});
  CHECK_THROWS_WITH(add(a, b), Catch::Contains("add") && Catch::Contains("[3, 4]") &&
                                   Catch::Contains("[5]"));
  CHECK_THROWS_WITH(mul(a, Tensor::zeros({3, 4}, DType::F64)), Catch::Contains("mul") &&
                                                                   Catch::Contains("dtype"));
}
