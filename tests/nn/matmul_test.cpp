// matmul / matmul_t / bmm / linear: values, float64 finite-difference gradients (bilinear:
// step 1e-6, |a - n| <= 1e-7 + 1e-5 |n|), reference vs optimised (blocked OpenBLAS) kernels.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("matmul: values", "[nn][op:matmul]") {
  const Tensor a = Tensor::from({2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
  const Tensor b = Tensor::from({3, 2}, std::vector<double>{7, 8, 9, 10, 11, 12});
  CHECK(matmul(a, b).to_vector() == std::vector<double>{58, 64, 139, 154});
  CHECK(matmul_t(a, a).to_vector() == std::vector<double>{14, 32, 32, 77});
  const Tensor w = Tensor::from({1, 3}, std::vector<double>{1, 0, -1});
  const Tensor bias = Tensor::from({1}, std::vector<double>{0.5});
  CHECK(linear(a, w, bias).to_vector() == std::vector<double>{-1.5, -1.5});
}

TEST_CASE("matmul family: finite-difference gradients", "[nn][gradcheck][op:matmul][op:matmul_t][op:bmm][op:linear]") {
  auto leaf = [](Shape s, std::uint64_t seed) { return random_tensor(s, seed).set_requires_grad(true); };
  CHECK(gradcheck("matmul", [](auto& x) { return matmul(x[0], x[1]); }, {leaf({3, 4}, 1), leaf({4, 5}, 2)}) == "");
  CHECK(gradcheck("matmul_t", [](auto& x) { return matmul_t(x[0], x[1]); }, {leaf({3, 4}, 3), leaf({5, 4}, 4)}) == "");
  CHECK(gradcheck("bmm", [](auto& x) { return bmm(x[0], x[1]); }, {leaf({2, 3, 4}, 5), leaf({2, 4, 2}, 6)}) == "");
  CHECK(gradcheck("bmm trans_b", [](auto& x) { return bmm(x[0], x[1], true); }, {leaf({2, 3, 4}, 7), leaf({2, 5, 4}, 8)}) == "");
  CHECK(gradcheck("bmm broadcast batch", [](auto& x) { return bmm(x[0], x[1]); }, {leaf({3, 2, 4}, 9), leaf({1, 4, 3}, 10)}) == "");
  CHECK(gradcheck("linear", [](auto& x) { return linear(x[0], x[1], x[2]); }, {leaf({2, 3, 4}, 11), leaf({5, 4}, 12), leaf({5}, 13)}) == "");
}

TEST_CASE("matmul family: optimised kernels match the reference", "[nn][kernels][op:matmul]") {
  auto leaf = [](Shape s, std::uint64_t seed) { return random_tensor(s, seed, -1, 1, DType::F32).set_requires_grad(true); };
  // Large enough to be split into blocks over M (first) and over N (second).
  CHECK(compare_kernel_paths("matmul tall", [](auto& x) { return matmul(x[0], x[1]); }, {leaf({700, 96}, 1), leaf({96, 80}, 2)}, 1e-4, 1e-4) == "");
  CHECK(compare_kernel_paths("matmul_t wide", [](auto& x) { return matmul_t(x[0], x[1]); }, {leaf({40, 64}, 3), leaf({900, 64}, 4)}, 1e-4, 1e-4) == "");
  CHECK(compare_kernel_paths("bmm", [](auto& x) { return bmm(x[0], x[1]); }, {leaf({8, 70, 33}, 5), leaf({8, 33, 90}, 6)}, 1e-4, 1e-4) == "");
}

TEST_CASE("matmul family: shape errors name the op and shapes", "[nn][errors][op:matmul]") {
  CHECK_THROWS_WITH(matmul(Tensor::zeros({3, 4}), Tensor::zeros({5, 6})),
                    Catch::Contains("matmul") && Catch::Contains("[3, 4]") && Catch::Contains("[5, 6]"));
  CHECK_THROWS_WITH(linear(Tensor::zeros({2, 3}), Tensor::zeros({4, 5})),
                    Catch::Contains("linear") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(bmm(Tensor::zeros({2, 3, 4}), Tensor::zeros({3, 4, 5})),
                    Catch::Contains("bmm") && Catch::Contains("batch"));
}
