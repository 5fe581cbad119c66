// Reference normalisation kernels: softmax / log-softmax / logsumexp along the middle axis of
// [O, D, I], layer norm over rows of [R, C], and the dropout mask. One line at a time, sums in
// ascending index order.
#include <cmath>
#include <limits>

#include "nn/kernels/reference/families.hpp"
#include "nn/kernels/fast_math.hpp"

namespace simrec::nn::reference {

template <class T>
static void softmax(i64 O, i64 D, i64 I, const T* x, T* y, bool log) {
  for (i64 o = 0; o < O; ++o)
    for (i64 i = 0; i < I; ++i) {
      const T* xl = x + o * D * I + i;
      T* yl = y + o * D * I + i;
      T m = -std::numeric_limits<T>::infinity();
      for (i64 d = 0; d < D; ++d) m = std::fmax(m, xl[d * I]);
      T s = 0;
      for (i64 d = 0; d < D; ++d) s += softmax_exp(xl[d * I] - m);
      if (log) {
        const T log_s = std::log(s);
        for (i64 d = 0; d < D; ++d) yl[d * I] = (xl[d * I] - m) - log_s;
      } else {
        for (i64 d = 0; d < D; ++d) yl[d * I] = softmax_exp(xl[d * I] - m) / s;
      }
    }
}

template <class T>
static void softmax_backward(i64 O, i64 D, i64 I, const T* y, const T* dy, T* dx, bool log) {
  for (i64 o = 0; o < O; ++o)
    for (i64 i = 0; i < I; ++i) {
      const i64 base = o * D * I + i;
      T s = 0;
      for (i64 d = 0; d < D; ++d) {
        const i64 k = base + d * I;
        s += log ? dy[k] : dy[k] * y[k];
      }
      for (i64 d = 0; d < D; ++d) {
        const i64 k = base + d * I;
        dx[k] = log ? dy[k] - softmax_exp(y[k]) * s : y[k] * (dy[k] - s);
      }
    }
}

template <class T>
static void logsumexp(i64 O, i64 D, i64 I, const T* x, T* out) {
  for (i64 o = 0; o < O; ++o)
    for (i64 i = 0; i < I; ++i) {
      const T* xl = x + o * D * I + i;
      T m = -std::numeric_limits<T>::infinity();
      for (i64 d = 0; d < D; ++d) m = std::fmax(m, xl[d * I]);
      if (std::isinf(m)) {
        out[o * I + i] = m;
        continue;
      }
      T s = 0;
      for (i64 d = 0; d < D; ++d) s += softmax_exp(xl[d * I] - m);
      out[o * I + i] = m + std::log(s);
    }
}

template <class T>
static void log_softmax_pick_backward(i64 R, i64 C, const T* x, const i64* labels, const T* lse,
                                      const T* g, T* dx) {
  for (i64 r = 0; r < R; ++r) {
    for (i64 c = 0; c < C; ++c) dx[r * C + c] = -g[r] * softmax_exp(x[r * C + c] - lse[r]);
    dx[r * C + labels[r]] += g[r];
  }
}

template <class T>
static void layer_norm(i64 R, i64 C, const T* x, const T* gamma, const T* beta, T eps, T* y,
                       T* mean, T* rstd) {
  for (i64 r = 0; r < R; ++r) {
    const T* xr = x + r * C;
    T s = 0;
    for (i64 c = 0; c < C; ++c) s += xr[c];
    const T mu = s / T(C);
    T v = 0;
    for (i64 c = 0; c < C; ++c) v += (xr[c] - mu) * (xr[c] - mu);
    const T rs = T(1) / std::sqrt(v / T(C) + eps);
    for (i64 c = 0; c < C; ++c) y[r * C + c] = (xr[c] - mu) * rs * gamma[c] + beta[c];
    mean[r] = mu;
    rstd[r] = rs;
  }
}

template <class T>
static void layer_norm_backward(i64 R, i64 C, const T* x, const T* gamma, const T* mean,
                                const T* rstd, const T* dy, T* dx, T* dgamma, T* dbeta) {
  if (dgamma)
    for (i64 c = 0; c < C; ++c) dgamma[c] = 0;
  if (dbeta)
    for (i64 c = 0; c < C; ++c) dbeta[c] = 0;
  for (i64 r = 0; r < R; ++r) {
    const T* xr = x + r * C;
    const T* dyr = dy + r * C;
    if (dx) {
      T sum_g = 0, sum_gx = 0;
      for (i64 c = 0; c < C; ++c) {
        const T g = dyr[c] * gamma[c];
        sum_g += g;
        sum_gx += g * ((xr[c] - mean[r]) * rstd[r]);
      }
      const T mean_g = sum_g / T(C), mean_gx = sum_gx / T(C);
      for (i64 c = 0; c < C; ++c) {
        const T xhat = (xr[c] - mean[r]) * rstd[r];
        dx[r * C + c] = rstd[r] * (dyr[c] * gamma[c] - mean_g - xhat * mean_gx);
      }
    }
    for (i64 c = 0; c < C; ++c) {
      if (dgamma) dgamma[c] += dyr[c] * ((xr[c] - mean[r]) * rstd[r]);
      if (dbeta) dbeta[c] += dyr[c];
    }
  }
}

template <class T>
static void dropout_mask(i64 n, T p, random::Key key, std::uint64_t index, T* mask) {
  const T scale = T(1) / (T(1) - p);
  for (i64 i = 0; i < n; ++i)
    mask[i] = T(random::uniform_at(key, index, std::uint64_t(i))) >= p ? scale : T(0);
}

template <class T>
void fill_normalize(KernelTable<T>& t) {
  t.softmax = softmax<T>;
  t.softmax_backward = softmax_backward<T>;
  t.logsumexp = logsumexp<T>;
  t.log_softmax_pick_backward = log_softmax_pick_backward<T>;
  t.layer_norm = layer_norm<T>;
  t.layer_norm_backward = layer_norm_backward<T>;
  t.dropout_mask = dropout_mask<T>;
}
template void fill_normalize(KernelTable<float>&);
template void fill_normalize(KernelTable<double>&);

}  // namespace simrec::nn::reference
