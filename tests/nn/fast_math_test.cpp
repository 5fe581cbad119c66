// fast_math.hpp (vectorisable float exp / sigmoid / tanh used by the LSTM cell kernels) against
// double-precision libm: fast_expf within 2 ulp of the correctly rounded value on a dense sweep of
// [-87.3, ln FLT_MAX], sigmoid and tanh within 2.5e-7 relative on sweeps that include the
// polynomial / exp switch of tanh (|x| = 0.25) and tiny arguments; clamping, saturation, signs,
// NaN propagation.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "nn/kernels/fast_math.hpp"

using namespace simrec::nn;

namespace {
// Error of a in units in the last place of the float nearest to the exact value.
double ulps(float a, double exact) {
  const float r = static_cast<float>(exact);
  const double ulp = double(std::nextafter(std::fabs(r), std::numeric_limits<float>::infinity())) -
                     double(std::fabs(r));
  return std::fabs(double(a) - exact) / ulp;
}
double rel(float a, double exact) { return std::fabs(double(a) - exact) / std::fabs(exact); }
}  // namespace

TEST_CASE("fast_expf: within 2 ulp of exp on [-87.3, ln FLT_MAX]", "[nn][fast_math]") {
  double worst = 0, at = 0;
  const int n = 2000000;
  for (int k = 0; k <= n; ++k) {
    const float x = float(-87.3 + (88.7228 + 87.3) * k / n);
    const double e = ulps(fast_expf(x), std::exp(double(x)));
    if (e > worst) worst = e, at = x;
  }
  // Every float in [-1, 1] step 2^-20 too (the range of small r, where n = 0 or +-1).
  for (float x = -1.f; x <= 1.f; x += 0x1p-20f) {
    const double e = ulps(fast_expf(x), std::exp(double(x)));
    if (e > worst) worst = e, at = x;
  }
  INFO("worst " << worst << " ulp at x = " << at);
  CHECK(worst <= 2.0);
  CHECK(fast_expf(0.f) == 1.f);
}

TEST_CASE("fast_expf: clamps, and NaN passes", "[nn][fast_math]") {
  CHECK(fast_expf(-87.2f) > 1e-38f);
  CHECK(fast_expf(-87.4f) == 0.f);
  CHECK(fast_expf(-std::numeric_limits<float>::infinity()) == 0.f);
  CHECK(std::isinf(fast_expf(88.73f)));
  CHECK(std::isinf(fast_expf(1000.f)));
  CHECK(std::isinf(fast_expf(std::numeric_limits<float>::infinity())));
  CHECK(std::isnan(fast_expf(std::numeric_limits<float>::quiet_NaN())));
}

TEST_CASE("fast_sigmoid and fast_tanh: relative error on wide sweeps", "[nn][fast_math]") {
  double ws = 0, wt = 0, as = 0, at = 0;
  const auto check = [&](float x) {
    const double s = 1 / (1 + std::exp(-double(x))), t = std::tanh(double(x));
    const double es = rel(fast_sigmoid(x), s);
    if (es > ws) ws = es, as = x;
    if (x != 0) {
      const double et = rel(fast_tanh(x), t);
      if (et > wt) wt = et, at = x;
    }
  };
  for (int k = -2000000; k <= 2000000; ++k) check(float(k * 2e-5));   // [-40, 40]
  for (float x = 1e-30f; x < 1.f; x *= 1.001f) check(x), check(-x);   // tiny to 1, both signs
  for (float x = 0.24f; x < 0.26f; x += 1e-6f) check(x), check(-x);   // around the switch
  INFO("sigmoid worst " << ws << " at " << as << "; tanh worst " << wt << " at " << at);
  CHECK(ws <= 2.5e-7);
  CHECK(wt <= 2.5e-7);
}

TEST_CASE("fast_sigmoid and fast_tanh: saturation, signs, NaN", "[nn][fast_math]") {
  CHECK(fast_sigmoid(0.f) == 0.5f);
  CHECK(fast_sigmoid(100.f) == 1.f);
  CHECK(fast_sigmoid(-100.f) == 0.f);
  CHECK(fast_sigmoid(-80.f) > 0.f);
  CHECK(fast_tanh(0.f) == 0.f);
  CHECK(fast_tanh(10.f) == 1.f);
  CHECK(fast_tanh(-10.f) == -1.f);
  CHECK(fast_tanh(-0.5f) == -fast_tanh(0.5f));
  CHECK(fast_tanh(-1e-3f) == -fast_tanh(1e-3f));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK(std::isnan(fast_sigmoid(nan)));
  CHECK(std::isnan(fast_tanh(nan)));
}
