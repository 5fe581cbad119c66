// Unary ops: values at known points, float64 finite-difference gradients (step 1e-6,
// |a - n| <= 1e-7 + 1e-5 |n|; relu and clamp inputs kept > 1e-3 away from their kinks, where the
// derivative jumps), and reference vs optimised kernels.
#include <catch2/catch.hpp>
#include <cmath>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("unary ops: values", "[nn][op:relu][op:sigmoid][op:tanh][op:exp][op:log][op:sqrt][op:pow][op:clamp][op:log_sigmoid]") {
  const Tensor x = Tensor::from({4}, std::vector<double>{-2, -0.5, 0.5, 4});
  CHECK(relu(x).to_vector() == std::vector<double>{0, 0, 0.5, 4});
  CHECK(clamp(x, -1, 1).to_vector() == std::vector<double>{-1, -0.5, 0.5, 1});
  CHECK(sigmoid(x).to_vector()[3] == Approx(1 / (1 + std::exp(-4.0))));
  CHECK(tanh(x).to_vector()[0] == Approx(std::tanh(-2.0)));
  CHECK(exp(x).to_vector()[1] == Approx(std::exp(-0.5)));
  CHECK(pow(Tensor::from({2}, std::vector<double>{2, 3}), 3).to_vector() == std::vector<double>{8, 27});
  CHECK(sqrt(Tensor::from({1}, std::vector<double>{9})).item() == 3);
  CHECK(log(Tensor::from({1}, std::vector<double>{1})).item() == 0);
  // log_sigmoid stays finite where the naive log(sigmoid(x)) underflows.
  const Tensor big = Tensor::from({2}, std::vector<float>{-200.f, 200.f});
  CHECK(log_sigmoid(big).to_vector()[0] == Approx(-200.0));
  CHECK(log_sigmoid(big).to_vector()[1] == Approx(0.0).margin(1e-30));
}

TEST_CASE("unary ops: finite-difference gradients", "[nn][gradcheck][op:relu][op:sigmoid][op:tanh][op:exp][op:log][op:sqrt][op:pow][op:clamp][op:log_sigmoid]") {
  const Shape s{3, 7};
  auto smooth = [&](const char* name, TensorFn f, double lo, double hi) {
    Tensor x = random_tensor(s, 11, lo, hi).set_requires_grad(true);
    CHECK(gradcheck(name, f, {x}) == "");
  };
  smooth("sigmoid", [](auto& x) { return sigmoid(x[0]); }, -4, 4);
  smooth("tanh", [](auto& x) { return tanh(x[0]); }, -3, 3);
  smooth("exp", [](auto& x) { return exp(x[0]); }, -2, 2);
  smooth("log", [](auto& x) { return log(x[0]); }, 0.2, 3);
  smooth("sqrt", [](auto& x) { return sqrt(x[0]); }, 0.2, 3);
  smooth("pow", [](auto& x) { return pow(x[0], 2.5); }, 0.2, 3);
  smooth("pow (negative exponent)", [](auto& x) { return pow(x[0], -1.5); }, 0.5, 3);
  smooth("log_sigmoid", [](auto& x) { return log_sigmoid(x[0]); }, -6, 6);
  smooth("neg", [](auto& x) { return neg(x[0]); }, -1, 1);
  Tensor xr = random_tensor_avoiding(s, 12, -1, 1, {0.0}, 1e-3).set_requires_grad(true);
  CHECK(gradcheck("relu", [](auto& x) { return relu(x[0]); }, {xr}) == "");
  Tensor xc = random_tensor_avoiding(s, 13, -2, 2, {-0.5, 0.7}, 1e-3).set_requires_grad(true);
  CHECK(gradcheck("clamp", [](auto& x) { return clamp(x[0], -0.5, 0.7); }, {xc}) == "");
}

TEST_CASE("unary ops: optimised kernels match the reference", "[nn][kernels]") {
  const Tensor x = random_tensor({200, 300}, 5, 0.1, 3, DType::F32).set_requires_grad(true);
  for (auto [name, f] : std::vector<std::pair<const char*, TensorFn>>{
           {"relu", [](auto& v) { return relu(affine(v[0], 1, -1.5)); }},
           {"sigmoid", [](auto& v) { return sigmoid(v[0]); }},
           {"tanh", [](auto& v) { return tanh(v[0]); }},
           {"exp", [](auto& v) { return exp(v[0]); }},
           {"log", [](auto& v) { return log(v[0]); }},
           {"sqrt", [](auto& v) { return sqrt(v[0]); }},
           {"pow", [](auto& v) { return pow(v[0], 1.7); }},
           {"clamp", [](auto& v) { return clamp(v[0], 0.5, 2.0); }},
           {"log_sigmoid", [](auto& v) { return log_sigmoid(v[0]); }}}) {
    CHECK(compare_kernel_paths(name, f, {x}, 0, 0) == "");  // element-wise: bit-identical
  }
}

TEST_CASE("clamp rejects inverted bounds", "[nn][errors][op:clamp]") {
  CHECK_THROWS_WITH(clamp(Tensor::zeros({2}), 1, 0), Catch::Contains("clamp"));
}
