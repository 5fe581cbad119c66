#pragma once
// Scalar forms of the fused LSTM cell and its backward, shared by the reference and optimised CPU
// kernels so both compute exactly the same per-element values (kernel_table.hpp documents the
// kernels). The arithmetic is the composed formula's, in its order (float activations are
// fast_math.hpp's vectorisable forms, double's libm):
//   z = xz + (hz + bias)   i = sigmoid(z_i)  f = sigmoid(z_f)  g = tanh(z_g)  o = sigmoid(z_o)
//   c = f c_prev + i g     h = o tanh(c)

#include <cmath>
#include <type_traits>

#include "nn/kernels/fast_math.hpp"

namespace simrec::nn {

// The activation loop of lstm_cell_row, one restrict pointer per gate block (disjoint ranges), so
// GCC vectorises it without run-time alias checks.
template <class T>
inline void lstm_cell_activate(i64 H, T* __restrict ai, T* __restrict af, T* __restrict ag,
                               T* __restrict ao, T* __restrict at, const T* __restrict cp,
                               T* __restrict hh, T* __restrict cc) {
  for (i64 j = 0; j < H; ++j) {
    const T i = cell_sigmoid(ai[j]);
    const T f = cell_sigmoid(af[j]);
    const T g = cell_tanh(ag[j]);
    const T o = cell_sigmoid(ao[j]);
    const T cn = f * cp[j] + i * g;
    const T tc = cell_tanh(cn);
    ai[j] = i;
    af[j] = f;
    ag[j] = g;
    ao[j] = o;
    at[j] = tc;
    cc[j] = cn;
    hh[j] = o * tc;
  }
}

// Activations of one row of B: writes h[j], c[j] and the saved activations a = [i | f | g | o |
// tanh(c)] (each H wide) for j < H. xz [4H]; hz and bias [4H] or null (zeros). The pre-activations
// are first summed into a, then activated in place: simple loops, which GCC vectorises.
template <class T>
inline void lstm_cell_row(i64 H, const T* xz, const T* hz, const T* bias, const T* c_prev, T* h,
                          T* c, T* a) {
  const i64 G = 4 * H;
  if (hz && bias) {
    for (i64 k = 0; k < G; ++k) a[k] = xz[k] + (hz[k] + bias[k]);
  } else if (hz || bias) {
    const T* r = hz ? hz : bias;
    for (i64 k = 0; k < G; ++k) a[k] = xz[k] + r[k];
  } else {
    for (i64 k = 0; k < G; ++k) a[k] = xz[k];
  }
  lstm_cell_activate(H, a, a + H, a + 2 * H, a + 3 * H, a + 4 * H, c_prev, h, c);
}

// Backward of one row: dz [4H] and dc_prev [H] (may be null) from the saved activations, c_prev
// and the incoming dh, dc (either may be null: zero). One loop per case of null pointers, so each
// loop body is branch-free.
template <bool HasDh, bool HasDc, bool HasDcPrev, class T>
inline void lstm_cell_backward_loop(i64 H, const T* __restrict ai, const T* __restrict af,
                                    const T* __restrict ag, const T* __restrict ao,
                                    const T* __restrict at, const T* __restrict cp,
                                    const T* __restrict dhp, const T* __restrict dcp,
                                    T* __restrict dzi, T* __restrict dzf, T* __restrict dzg,
                                    T* __restrict dzo, T* __restrict dcprev) {
  for (i64 j = 0; j < H; ++j) {
    const T i = ai[j], f = af[j], g = ag[j], o = ao[j], tc = at[j];
    T dhj = T(0), dcj = T(0);
    if constexpr (HasDh) dhj = dhp[j];
    if constexpr (HasDc) dcj = dcp[j];
    const T dct = dcj + dhj * o * (T(1) - tc * tc);
    dzi[j] = dct * g * (i * (T(1) - i));
    dzf[j] = dct * cp[j] * (f * (T(1) - f));
    dzg[j] = dct * i * (T(1) - g * g);
    dzo[j] = dhj * tc * (o * (T(1) - o));
    if constexpr (HasDcPrev) dcprev[j] = dct * f;
  }
}

template <bool HasDh, bool HasDc, bool HasDcPrev, class T>
inline void lstm_cell_backward_row_impl(i64 H, const T* a, const T* c_prev, const T* dh,
                                        const T* dc, T* dz, T* dc_prev) {
  lstm_cell_backward_loop<HasDh, HasDc, HasDcPrev>(H, a, a + H, a + 2 * H, a + 3 * H, a + 4 * H,
                                                   c_prev, dh, dc, dz, dz + H, dz + 2 * H,
                                                   dz + 3 * H, dc_prev);
}

template <class T>
inline void lstm_cell_backward_row(i64 H, const T* a, const T* c_prev, const T* dh, const T* dc,
                                   T* dz, T* dc_prev) {
  const auto run = [&](auto has_dh, auto has_dc) {
    if (dc_prev)
      lstm_cell_backward_row_impl<decltype(has_dh)::value, decltype(has_dc)::value, true>(
          H, a, c_prev, dh, dc, dz, dc_prev);
    else
      lstm_cell_backward_row_impl<decltype(has_dh)::value, decltype(has_dc)::value, false>(
          H, a, c_prev, dh, dc, dz, dc_prev);
  };
  using Y = std::true_type;
  using N = std::false_type;
  if (dh && dc) run(Y{}, Y{});
  else if (dh) run(Y{}, N{});
  else if (dc) run(N{}, Y{});
  else run(N{}, N{});
}

}  // namespace simrec::nn
