// The autodiff engine: accumulation across backward calls, shared subexpressions, no-grad scope,
// detach, sparse row gradients, and errors for misuse.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

TEST_CASE("gradients accumulate across backward calls until zero_grad", "[nn][autograd]") {
  Tensor x = Tensor::from({2}, std::vector<double>{1, 2}).set_requires_grad(true);
  sum_all(mul(x, x)).backward();
  CHECK(x.grad().to_vector() == std::vector<double>{2, 4});
  sum_all(mul(x, x)).backward();
  CHECK(x.grad().to_vector() == std::vector<double>{4, 8});
  x.zero_grad();
  CHECK_FALSE(x.grad().defined());
}

TEST_CASE("a value used twice receives both gradient contributions", "[nn][autograd]") {
  Tensor x = Tensor::from({1}, std::vector<double>{3}).set_requires_grad(true);
  Tensor y = mul(x, x);            // 9, dy/dx = 6
  Tensor z = add(mul(y, x), y);    // x^3 + x^2, dz/dx = 3x^2 + 2x = 33
  sum_all(z).backward();
  CHECK(x.grad().item() == 33);
}

TEST_CASE("no_grad scope and detach record nothing", "[nn][autograd]") {
  Tensor x = Tensor::from({1}, std::vector<double>{3}).set_requires_grad(true);
  {
    NoGradGuard guard;
    CHECK_FALSE(mul(x, x).requires_grad());
  }
  CHECK(mul(x, x).requires_grad());
  CHECK_FALSE(x.detach().requires_grad());
  Tensor y = mul(x.detach(), x);  // only the second factor carries gradient
  sum_all(y).backward();
  CHECK(x.grad().item() == 3);
}

TEST_CASE("backward on a non-scalar or on a constant fails with a clear message", "[nn][autograd][errors]") {
  Tensor x = Tensor::from({2}, std::vector<double>{1, 2}).set_requires_grad(true);
  CHECK_THROWS_WITH(mul(x, x).backward(), Catch::Contains("backward") && Catch::Contains("non-scalar") &&
                                             Catch::Contains("[2]"));
  CHECK_THROWS_WITH(sum_all(Tensor::zeros({2})).backward(), Catch::Contains("does not require grad"));
}

TEST_CASE("backward order is the reverse tape order, deterministic across runs", "[nn][autograd]") {
  auto run = [] {
    Tensor w = random_tensor({16, 8}, 1, -1, 1, DType::F32).set_requires_grad(true);
    Tensor x = random_tensor({32, 16}, 2, -1, 1, DType::F32);
    Tensor h = tanh(matmul(x, w));
    Tensor loss = mean_all(add(mul(h, h), sigmoid(h)));
    loss.backward();
    return w.grad().to_vector();
  };
  CHECK(run() == run());
}
