#pragma once
// Scalar forms of the fused LSTM cell and its backward, shared by the reference and optimised CPU
// kernels so both compute exactly the same per-element values (kernel_table.hpp documents the
// kernels). The arithmetic is the composed formula's, in its order:
//   z = xz + (hz + bias)   i = sigmoid(z_i)  f = sigmoid(z_f)  g = tanh(z_g)  o = sigmoid(z_o)
//   c = f c_prev + i g     h = o tanh(c)

#include <cmath>

#include "nn/kernels/unary_math.hpp"

namespace simrec::nn {

// Activations of one row of B: writes h[j], c[j] and the saved activations a = [i | f | g | o |
// tanh(c)] (each H wide) for j < H. xz [4H]; hz and bias [4H] or null (zeros).
template <class T>
inline void lstm_cell_row(i64 H, const T* xz, const T* hz, const T* bias, const T* c_prev, T* h,
                          T* c, T* a) {
  const auto pre = [&](i64 k) {
    T r = T(0);
    if (hz && bias) r = hz[k] + bias[k];
    else if (hz) r = hz[k];
    else if (bias) r = bias[k];
    return xz[k] + r;
  };
  for (i64 j = 0; j < H; ++j) {
    const T i = stable_sigmoid(pre(j));
    const T f = stable_sigmoid(pre(H + j));
    const T g = std::tanh(pre(2 * H + j));
    const T o = stable_sigmoid(pre(3 * H + j));
    const T cn = f * c_prev[j] + i * g;
    const T tc = std::tanh(cn);
    a[j] = i;
    a[H + j] = f;
    a[2 * H + j] = g;
    a[3 * H + j] = o;
    a[4 * H + j] = tc;
    c[j] = cn;
    h[j] = o * tc;
  }
}

// Backward of one row: dz [4H] and dc_prev [H] (may be null) from the saved activations, c_prev
// and the incoming dh, dc (either may be null: zero).
template <class T>
inline void lstm_cell_backward_row(i64 H, const T* a, const T* c_prev, const T* dh, const T* dc,
                                   T* dz, T* dc_prev) {
  for (i64 j = 0; j < H; ++j) {
    const T i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j], tc = a[4 * H + j];
    const T dhj = dh ? dh[j] : T(0);
    const T dct = (dc ? dc[j] : T(0)) + dhj * o * (T(1) - tc * tc);
    dz[j] = dct * g * (i * (T(1) - i));
    dz[H + j] = dct * c_prev[j] * (f * (T(1) - f));
    dz[2 * H + j] = dct * i * (T(1) - g * g);
    dz[3 * H + j] = dhj * tc * (o * (T(1) - o));
    if (dc_prev) dc_prev[j] = dct * f;
  }
}

}  // namespace simrec::nn
