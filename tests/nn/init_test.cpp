// Seeded initializers: the documented stream scheme (element i of "init/<name>" at index i),
// independence from other parameters and from the thread count, and the distributions' ranges
// and moments (sample checks with generous bounds: 4+ standard errors).
#include <catch2/catch.hpp>
#include <omp.h>

#include <cmath>
#include <cstring>

#include "sim/random/philox.hpp"
#include "support/nn_testing.hpp"

using namespace simrec;
using namespace simrec::nn;

namespace {
struct Moments {
  double mean = 0, var = 0, min = 1e300, max = -1e300;
};
Moments moments(const Tensor& t) {
  Moments m;
  const auto v = t.to_vector();
  for (double x : v) {
    m.mean += x;
    m.min = std::min(m.min, x);
    m.max = std::max(m.max, x);
  }
  m.mean /= double(v.size());
  for (double x : v) m.var += (x - m.mean) * (x - m.mean);
  m.var /= double(v.size());
  return m;
}
}  // namespace

TEST_CASE("init: element i is drawn from stream init/<name> at index i", "[nn][init]") {
  const Tensor t = Tensor::zeros({3, 2}, DType::F64);
  init::uniform(t, -2, 3, 42, "tower.0.weight");
  const auto v = t.to_vector();
  for (std::uint64_t i = 0; i < 6; ++i) {
    random::Rng rng(42, "init/tower.0.weight", i);
    CHECK(v[i] == -2 + 5 * rng.uniform());
  }
  // Normal: Box-Muller on the element's first two uniforms.
  init::normal(t, 1, 0.5, 42, "emb");
  random::Rng rng(42, "init/emb", 4);
  const double u1 = rng.uniform(), u2 = rng.uniform();
  CHECK(t.to_vector()[4] == 1 + 0.5 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
}

TEST_CASE("init: values depend only on (seed, name)", "[nn][init]") {
  const auto draw = [](std::uint64_t seed, const char* name, Shape s) {
    const Tensor t = Tensor::zeros(s);
    init::normal(t, 0, 1, seed, name);
    return t.to_vector();
  };
  CHECK(draw(1, "a.weight", {4, 5}) == draw(1, "a.weight", {4, 5}));
  CHECK(draw(1, "a.weight", {4, 5}) != draw(2, "a.weight", {4, 5}));
  CHECK(draw(1, "a.weight", {4, 5}) != draw(1, "b.weight", {4, 5}));
  // A larger tensor of the same name starts with the same values (element-indexed streams).
  const auto small = draw(3, "t", {2, 5}), big = draw(3, "t", {4, 5});
  CHECK(std::equal(small.begin(), small.end(), big.begin()));
  // float32 holds the float64 draw rounded.
  const Tensor f = Tensor::zeros({7}, DType::F32), d = Tensor::zeros({7}, DType::F64);
  init::uniform(f, -1, 1, 9, "x");
  init::uniform(d, -1, 1, 9, "x");
  for (int i = 0; i < 7; ++i) CHECK(f.data<float>()[i] == float(d.data<double>()[i]));
}

TEST_CASE("init: identical for any thread count", "[nn][init]") {
  const Tensor a = Tensor::zeros({300, 400}), b = Tensor::zeros({300, 400});  // > parallel threshold
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  init::normal(a, 0, 1, 5, "big");
  omp_set_num_threads(2);
  init::normal(b, 0, 1, 5, "big");
  omp_set_num_threads(before);
  CHECK(std::memcmp(a.raw(), b.raw(), a.numel() * 4) == 0);
}

TEST_CASE("init: distributions have the documented ranges and moments", "[nn][init]") {
  const Tensor t = Tensor::zeros({200, 500}, DType::F64);  // 1e5 samples
  init::uniform(t, -1, 3, 1, "u");
  Moments m = moments(t);
  CHECK(m.min >= -1);
  CHECK(m.max < 3);
  CHECK(m.mean == Approx(1).margin(0.015));          // se = 4/sqrt(12e5) ~ 0.0037
  CHECK(m.var == Approx(16.0 / 12).epsilon(0.02));

  init::normal(t, 2, 3, 1, "n");
  m = moments(t);
  CHECK(m.mean == Approx(2).margin(0.04));           // se = 3/sqrt(1e5) ~ 0.0095
  CHECK(std::sqrt(m.var) == Approx(3).epsilon(0.015));

  // xavier: fan_in 500, fan_out 200 -> a = sqrt(6 / 700); variance a^2 / 3.
  init::xavier_uniform(t, 1.0, 1, "x");
  m = moments(t);
  const double a = std::sqrt(6.0 / 700);
  CHECK(m.max <= a);
  CHECK(m.min >= -a);
  CHECK(m.max > 0.99 * a);
  CHECK(m.var == Approx(a * a / 3).epsilon(0.02));
  init::xavier_normal(t, 2.0, 1, "xn");
  CHECK(std::sqrt(moments(t).var) == Approx(2 * std::sqrt(2.0 / 700)).epsilon(0.015));

  // kaiming with a = sqrt(5) is PyTorch's Linear default: bound 1 / sqrt(fan_in).
  init::kaiming_uniform(t, std::sqrt(5.0), 1, "k");
  m = moments(t);
  CHECK(m.max <= 1 / std::sqrt(500.0) + 1e-15);
  CHECK(m.max > 0.99 / std::sqrt(500.0));
  CHECK(m.min >= -1 / std::sqrt(500.0) - 1e-15);

  init::ones(t);
  CHECK(moments(t).min == 1);
  init::zeros(t);
  CHECK(moments(t).max == 0);
  init::constant(t, 0.25);
  CHECK(moments(t).mean == 0.25);
}

TEST_CASE("init: fans follow PyTorch and rank-1 tensors have none", "[nn][init][errors]") {
  CHECK(init::fans(Tensor::zeros({6, 4})) == std::pair<std::int64_t, std::int64_t>{4, 6});
  CHECK(init::fans(Tensor::zeros({6, 4, 3, 2})) == std::pair<std::int64_t, std::int64_t>{24, 36});
  CHECK_THROWS_WITH(init::xavier_uniform(Tensor::zeros({5}), 1, 0, "b"),
                    Catch::Contains("fans") && Catch::Contains("[5]"));
  CHECK_THROWS_WITH(init::uniform(Tensor::zeros({5}), 1, 0, 0, "b"),
                    Catch::Contains("uniform") && Catch::Contains("'b'"));
}

TEST_CASE("init: Init rules describe themselves and apply by name", "[nn][init]") {
  const Tensor a = Tensor::zeros({3, 3}), b = Tensor::zeros({3, 3});
  Init::normal(0, 0.1).apply(a, 7, "w");
  init::normal(b, 0, 0.1, 7, "w");
  CHECK(a.to_vector() == b.to_vector());
  CHECK(Init::uniform(-0.5, 0.5).str() == "uniform(-0.5, 0.5)");
  CHECK(Init::kaiming_uniform(2).str() == "kaiming_uniform(a 2)");
}
