// Optimised normalisation kernels (OpenMP).
//
// Softmax / logsumexp: lines along D are independent; each line is computed by one thread with
// the reference's arithmetic in the same order (d ascending): rows (I == 1) one by one, lines
// along I > 1 in blocks processed together so the inner loop runs over contiguous memory. Layer norm: rows in
// parallel; dgamma / dbeta are summed over fixed row chunks (size from (R, C) only) whose
// partials are combined in chunk order. Dropout: one Philox block gives four mask entries.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "nn/kernels/cpu/families.hpp"
#include "nn/kernels/fast_math.hpp"

namespace simrec::nn::cpu {

namespace {
constexpr i64 kLineBlock = 64;  // lines along I handled together when I > 1

// std::fmax(m, v) for a running maximum m that is never NaN (it starts at -inf and only takes
// non-NaN values): the same value (NaN v is skipped), but a plain compare instead of a libm
// call, so the loop vectorises.
template <class T>
inline T max_of(T m, T v) { return v > m ? v : m; }

// Maximum of a row, over 16 lanes (a maximum is exact in any order, so this equals the
// reference's running maximum).
template <class T>
T row_max(i64 D, const T* x) {
  constexpr i64 kLanes = 16;
  T m[kLanes];
  for (i64 l = 0; l < kLanes; ++l) m[l] = -std::numeric_limits<T>::infinity();
  i64 d = 0;
  for (; d + kLanes <= D; d += kLanes)
    for (i64 l = 0; l < kLanes; ++l) m[l] = max_of(m[l], x[d + l]);
  for (; d < D; ++d) m[0] = max_of(m[0], x[d]);
  T r = m[0];
  for (i64 l = 1; l < kLanes; ++l) r = max_of(r, m[l]);
  return r;
}

// Rows (I == 1, softmax over the last axis): the reference's arithmetic in its order (sums run
// d ascending), without the per-line bookkeeping of the I > 1 blocks.
template <class T>
void softmax_row(i64 D, const T* x, T* y, bool log) {
  const T m = row_max(D, x);
  T s = 0;
  // The exps first, into y (a loop without the ordered sum, so it vectorises), then the sum in the
  // reference's order.
  for (i64 d = 0; d < D; ++d) y[d] = softmax_exp(x[d] - m);
  for (i64 d = 0; d < D; ++d) s += y[d];
  if (log) {
    const T log_s = std::log(s);
    for (i64 d = 0; d < D; ++d) y[d] = (x[d] - m) - log_s;
  } else {
    for (i64 d = 0; d < D; ++d) y[d] = y[d] / s;
  }
}

template <class T>
void softmax_backward_row(i64 D, const T* y, const T* dy, T* dx, bool log) {
  T s = 0;
  if (log) {
    for (i64 d = 0; d < D; ++d) s += dy[d];
    for (i64 d = 0; d < D; ++d) dx[d] = dy[d] - softmax_exp(y[d]) * s;
  } else {
    for (i64 d = 0; d < D; ++d) s += dy[d] * y[d];
    for (i64 d = 0; d < D; ++d) dx[d] = y[d] * (dy[d] - s);
  }
}

template <class T>
T logsumexp_row(i64 D, const T* x) {
  const T m = row_max(D, x);
  if (std::isinf(m)) return m;
  T s = 0;
  for (i64 d = 0; d < D; ++d) s += softmax_exp(x[d] - m);
  return m + std::log(s);
}
}  // namespace

// Lines [i0, i0 + n) of outer slice o, processed d-outer so the i loop is contiguous.
template <class T>
static void softmax_block(i64 D, i64 I, const T* x, T* y, bool log, i64 n) {
  T m[kLineBlock], s[kLineBlock];
  for (i64 i = 0; i < n; ++i) m[i] = -std::numeric_limits<T>::infinity(), s[i] = 0;
  for (i64 d = 0; d < D; ++d)
    for (i64 i = 0; i < n; ++i) m[i] = max_of(m[i], x[d * I + i]);
  if (log) {
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) s[i] += softmax_exp(x[d * I + i] - m[i]);
    for (i64 i = 0; i < n; ++i) s[i] = std::log(s[i]);
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) y[d * I + i] = (x[d * I + i] - m[i]) - s[i];
  } else {
    // Each exp once: kept in y for the division (the reference computes it twice, same value).
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) s[i] += (y[d * I + i] = softmax_exp(x[d * I + i] - m[i]));
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) y[d * I + i] = y[d * I + i] / s[i];
  }
}

template <class T>
static void softmax(i64 O, i64 D, i64 I, const T* x, T* y, bool log) {
  if (I == 1) {
#pragma omp parallel for schedule(static) if (O * D > kGrain)
    for (i64 o = 0; o < O; ++o) softmax_row(D, x + o * D, y + o * D, log);
    return;
  }
  const i64 blocks = (I + kLineBlock - 1) / kLineBlock, tasks = O * blocks;
#pragma omp parallel for schedule(static) if (O * D * I > kGrain)
  for (i64 t = 0; t < tasks; ++t) {
    const i64 o = t / blocks, i0 = (t % blocks) * kLineBlock;
    const i64 off = o * D * I + i0;
    softmax_block(D, I, x + off, y + off, log, std::min(kLineBlock, I - i0));
  }
}

template <class T>
static void softmax_backward(i64 O, i64 D, i64 I, const T* y, const T* dy, T* dx, bool log) {
  if (I == 1) {
#pragma omp parallel for schedule(static) if (O * D > kGrain)
    for (i64 o = 0; o < O; ++o) softmax_backward_row(D, y + o * D, dy + o * D, dx + o * D, log);
    return;
  }
  const i64 blocks = (I + kLineBlock - 1) / kLineBlock, tasks = O * blocks;
#pragma omp parallel for schedule(static) if (O * D * I > kGrain)
  for (i64 t = 0; t < tasks; ++t) {
    const i64 o = t / blocks, i0 = (t % blocks) * kLineBlock;
    const i64 n = std::min(kLineBlock, I - i0), off = o * D * I + i0;
    const T *yb = y + off, *dyb = dy + off;
    T* dxb = dx + off;
    T s[kLineBlock];
    for (i64 i = 0; i < n; ++i) s[i] = 0;
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) s[i] += log ? dyb[d * I + i] : dyb[d * I + i] * yb[d * I + i];
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) {
        const i64 k = d * I + i;
        dxb[k] = log ? dyb[k] - softmax_exp(yb[k]) * s[i] : yb[k] * (dyb[k] - s[i]);
      }
  }
}

// Rows are independent: one thread per row block, the reference's arithmetic per element.
template <class T>
static void log_softmax_pick_backward(i64 R, i64 C, const T* x, const i64* labels, const T* lse,
                                      const T* g, T* dx) {
#pragma omp parallel for schedule(static) if (R * C > kGrain)
  for (i64 r = 0; r < R; ++r) {
    const T* xr = x + r * C;
    T* dr = dx + r * C;
    const T gr = -g[r], lr = lse[r];
    for (i64 c = 0; c < C; ++c) dr[c] = gr * softmax_exp(xr[c] - lr);
    dr[labels[r]] += g[r];
  }
}

template <class T>
static void logsumexp(i64 O, i64 D, i64 I, const T* x, T* out) {
  if (I == 1) {
#pragma omp parallel for schedule(static) if (O * D > kGrain)
    for (i64 o = 0; o < O; ++o) out[o] = logsumexp_row(D, x + o * D);
    return;
  }
  const i64 blocks = (I + kLineBlock - 1) / kLineBlock, tasks = O * blocks;
#pragma omp parallel for schedule(static) if (O * D * I > kGrain)
  for (i64 t = 0; t < tasks; ++t) {
    const i64 o = t / blocks, i0 = (t % blocks) * kLineBlock;
    const i64 n = std::min(kLineBlock, I - i0);
    const T* xb = x + o * D * I + i0;
    T m[kLineBlock], s[kLineBlock];
    for (i64 i = 0; i < n; ++i) m[i] = -std::numeric_limits<T>::infinity(), s[i] = 0;
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) m[i] = max_of(m[i], xb[d * I + i]);
    for (i64 d = 0; d < D; ++d)
      for (i64 i = 0; i < n; ++i) s[i] += softmax_exp(xb[d * I + i] - m[i]);
    for (i64 i = 0; i < n; ++i)
      out[o * I + i0 + i] = std::isinf(m[i]) ? m[i] : m[i] + std::log(s[i]);
  }
}

template <class T>
static void layer_norm(i64 R, i64 C, const T* x, const T* gamma, const T* beta, T eps, T* y,
                       T* mean, T* rstd) {
#pragma omp parallel for schedule(static) if (R * C > kGrain)
  for (i64 r = 0; r < R; ++r) {
    const T* xr = x + r * C;
    T* yr = y + r * C;
    T s = 0;
    for (i64 c = 0; c < C; ++c) s += xr[c];
    const T mu = s / T(C);
    T v = 0;
    for (i64 c = 0; c < C; ++c) v += (xr[c] - mu) * (xr[c] - mu);
    const T rs = T(1) / std::sqrt(v / T(C) + eps);
    for (i64 c = 0; c < C; ++c) yr[c] = (xr[c] - mu) * rs * gamma[c] + beta[c];
    mean[r] = mu;
    rstd[r] = rs;
  }
}

template <class T>
static void layer_norm_backward(i64 R, i64 C, const T* x, const T* gamma, const T* mean,
                                const T* rstd, const T* dy, T* dx, T* dgamma, T* dbeta) {
  // Fixed row chunks: at least kGrain elements each, at most 256 chunks.
  const i64 rows = std::max((kGrain + C - 1) / std::max<i64>(C, 1), (R + 255) / 256);
  const i64 chunks = R == 0 ? 0 : (R + rows - 1) / rows;
  const bool params = dgamma != nullptr || dbeta != nullptr;
  std::vector<T> part_gamma(params ? chunks * C : 0), part_beta(params ? chunks * C : 0);
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (i64 k = 0; k < chunks; ++k) {
    T* pg = params ? part_gamma.data() + k * C : nullptr;
    T* pb = params ? part_beta.data() + k * C : nullptr;
    if (params)
      for (i64 c = 0; c < C; ++c) pg[c] = 0, pb[c] = 0;
    for (i64 r = k * rows; r < std::min(R, (k + 1) * rows); ++r) {
      const T* xr = x + r * C;
      const T* dyr = dy + r * C;
      const T mu = mean[r], rs = rstd[r];
      if (dx) {
        T sum_g = 0, sum_gx = 0;
        for (i64 c = 0; c < C; ++c) {
          const T g = dyr[c] * gamma[c];
          sum_g += g;
          sum_gx += g * ((xr[c] - mu) * rs);
        }
        const T mean_g = sum_g / T(C), mean_gx = sum_gx / T(C);
        T* dxr = dx + r * C;
        for (i64 c = 0; c < C; ++c) {
          const T xhat = (xr[c] - mu) * rs;
          dxr[c] = rs * (dyr[c] * gamma[c] - mean_g - xhat * mean_gx);
        }
      }
      if (params)
        for (i64 c = 0; c < C; ++c) {
          pg[c] += dyr[c] * ((xr[c] - mu) * rs);
          pb[c] += dyr[c];
        }
    }
  }
  if (!params) return;
  for (i64 c = 0; c < C; ++c) {
    T g = 0, b = 0;
    for (i64 k = 0; k < chunks; ++k) g += part_gamma[k * C + c], b += part_beta[k * C + c];
    if (dgamma) dgamma[c] = g;
    if (dbeta) dbeta[c] = b;
  }
}

template <class T>
static void dropout_mask(i64 n, T p, random::Key key, std::uint64_t index, T* mask) {
  const T scale = T(1) / (T(1) - p);
  const i64 blocks = (n + 3) / 4;
#pragma omp parallel for schedule(static) if (n > kGrain / 4)
  for (i64 b = 0; b < blocks; ++b) {
    const random::Counter c = random::philox_block(key, index, std::uint64_t(b));
    for (i64 j = 0; j < 4 && 4 * b + j < n; ++j)
      mask[4 * b + j] = T(random::u32_to_open01f(c[j])) >= p ? scale : T(0);
  }
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

}  // namespace simrec::nn::cpu
