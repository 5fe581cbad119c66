// sum / mean over axes, sum_to, broadcast_to: values, float64 finite-difference gradients
// (linear ops: step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|), and reference vs optimised kernels.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("sum and mean: values and shapes", "[nn][op:sum][op:mean]") {
  const Tensor x = Tensor::from({2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(sum(x, {0}).to_vector() == std::vector<double>{5, 7, 9});
  CHECK(sum(x, {1}).to_vector() == std::vector<double>{6, 15});
  CHECK(sum(x, {-1}, true).shape() == Shape{2, 1});
  CHECK(sum_all(x).item() == 21);
  CHECK(sum_all(x).rank() == 0);
  CHECK(mean(x, {0, 1}).item() == 3.5);
  CHECK(mean_all(x).item() == 3.5);
  CHECK(sum_to(Tensor::full({4, 2, 3}, 1.0, DType::F64), Shape{2, 1}).to_vector() ==
        std::vector<double>{12, 12});
}

TEST_CASE("reductions: finite-difference gradients", "[nn][gradcheck][op:sum][op:mean]") {
  Tensor x = random_tensor({2, 3, 4}, 21).set_requires_grad(true);
  CHECK(gradcheck("sum axis 1", [](auto& v) { return sum(v[0], {1}); }, {x}) == "");
  CHECK(gradcheck("sum axes 0,2 keepdim", [](auto& v) { return sum(v[0], {0, 2}, true); }, {x}) == "");
  CHECK(gradcheck("mean axis -1", [](auto& v) { return mean(v[0], {-1}); }, {x}) == "");
  CHECK(gradcheck("sum_all", [](auto& v) { return sum_all(v[0]); }, {x}) == "");
  CHECK(gradcheck("mean_all", [](auto& v) { return mean_all(v[0]); }, {x}) == "");
  Tensor y = random_tensor({3, 1}, 22).set_requires_grad(true);
  CHECK(gradcheck("broadcast_to", [](auto& v) { return broadcast_to(v[0], Shape{2, 3, 4}); }, {y}) == "");
}

TEST_CASE("reductions: optimised kernels match the reference", "[nn][kernels][op:sum]") {
  const Tensor x = random_tensor({64, 300, 40}, 3, -1, 1, DType::F32).set_requires_grad(true);
  CHECK(compare_kernel_paths("sum axis 1", [](auto& v) { return sum(v[0], {1}); }, {x}) == "");
  CHECK(compare_kernel_paths("sum axis 2", [](auto& v) { return sum(v[0], {2}); }, {x}) == "");
  CHECK(compare_kernel_paths("sum axis 0", [](auto& v) { return sum(v[0], {0}); }, {x}) == "");
  CHECK(compare_kernel_paths("sum_all", [](auto& v) { return sum_all(v[0]); }, {x}, 1e-4) == "");
}

TEST_CASE("reductions reject bad axes", "[nn][errors][op:sum]") {
  CHECK_THROWS_WITH(sum(Tensor::zeros({2, 3}), {2}), Catch::Contains("sum") && Catch::Contains("axis 2"));
  CHECK_THROWS_WITH(sum(Tensor::zeros({2, 3}), {1, -1}), Catch::Contains("repeated axis"));
}
