#pragma once
// Branch-free float exp, sigmoid and tanh that GCC vectorises (plain arithmetic, selects and a
// bit cast; no libm calls), for kernels whose inner loops are bound by scalar libm calls. Both
// the reference and the optimised kernels that use them call these same functions, so the two
// paths still agree bit for bit. Accuracy (tests/nn/fast_math_test.cpp, against double libm):
//   fast_expf    <= 2 ulp (1.18 measured) on [-87.3, ln FLT_MAX]; 0 below -87.3 (where exp is
//                   below FLT_MIN: flushed instead of subnormal), inf above ln FLT_MAX
//   fast_sigmoid < 2.5e-7 relative to the exact value (saturates to 1, and to 0 below -87.3)
//   fast_tanh    < 2.5e-7 relative (odd Taylor polynomial through x^9 for |x| < 0.25, where
//                   (1 - e) / (1 + e) would cancel; exactly +-1 for large |x|)
// NaN propagates. Double keeps libm (stable_sigmoid, std::tanh): float64 is the finite-
// difference checking type and needs the exact functions.

#include <cmath>
#include <cstdint>
#include <cstring>

#include "nn/kernels/unary_math.hpp"

namespace simrec::nn {

inline float fast_expf(float x) {
  // exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (Cody-Waite: ln 2
  // split in a 16-bit head, so n * head is exact, and the rest).
  const float x_in = x;
  constexpr float lo = -87.3f, hi = 89.f;
  x = x < lo ? lo : x;  // written so that NaN passes through
  x = x > hi ? hi : x;
  // n = x / ln 2 rounded to nearest: adding and subtracting 1.5 * 2^23 rounds a float of
  // magnitude < 2^22 to an integer (floor would be a libm call that blocks vectorisation).
  constexpr float round_magic = 12582912.f;
  const float n = (x * 1.44269504088896341f + round_magic) - round_magic;  // in [-126, 128]
  float r = x - n * 0.693145751953125f;
  r = r - n * 1.428606765330187045e-06f;
  // exp(r) by its Taylor series through r^7 (truncation < 6e-9 relative for |r| <= ln2/2).
  float p = 1.f / 5040.f;
  p = p * r + 1.f / 720.f;
  p = p * r + 1.f / 120.f;
  p = p * r + 1.f / 24.f;
  p = p * r + 1.f / 6.f;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  // 2^n as a bit pattern; n = 128 (x near ln FLT_MAX) as 2^127 * 2, which overflows to inf above
  // ln FLT_MAX as exp does.
  const float top = n > 127.f ? 2.f : 1.f;
  const std::int32_t bits = (static_cast<std::int32_t>(n > 127.f ? 127.f : n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const float e = p * scale * top;
  return x_in < lo ? 0.f : e;
}

inline float fast_sigmoid(float x) {
  const float e = fast_expf(-std::fabs(x));  // in (0, 1]: never overflows
  const float s = 1.f / (1.f + e);
  return x >= 0.f ? s : e * s;
}

inline float fast_tanh(float x) {
  const float a = std::fabs(x);
  const float e = fast_expf(-2.f * a);
  const float big = (1.f - e) / (1.f + e);
  const float x2 = a * a;
  // tanh a = a - a^3/3 + 2a^5/15 - 17a^7/315 + 62a^9/2835 - ...
  float p = 62.f / 2835.f;
  p = p * x2 - 17.f / 315.f;
  p = p * x2 + 2.f / 15.f;
  p = p * x2 - 1.f / 3.f;
  const float small = a + a * (x2 * p);
  const float t = a < 0.25f ? small : big;
  return std::copysign(t, x);
}

// The exponential the softmax family uses (reference and optimised kernels alike).
inline float softmax_exp(float x) { return fast_expf(x); }
inline double softmax_exp(double x) { return std::exp(x); }

// The activations the LSTM cell uses: fast forms in float, libm in double.
inline float cell_sigmoid(float x) { return fast_sigmoid(x); }
inline double cell_sigmoid(double x) { return stable_sigmoid(x); }
inline float cell_tanh(float x) { return fast_tanh(x); }
inline double cell_tanh(double x) { return std::tanh(x); }

}  // namespace simrec::nn
