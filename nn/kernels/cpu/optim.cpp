// Optimised optimizer updates: the reference formulas with the per-element branches hoisted into
// template flags (so the loops vectorise) and OpenMP over the elements. Every element's arithmetic
// is exactly the reference's (no reductions, no contraction), so results are bit-identical to the
// reference kernels for any thread count. Row-sparse updates call these once per run of
// consecutive rows (often one 64-wide row), so small n runs without entering OpenMP at all.
#include <algorithm>
#include <cmath>

#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

namespace {
// body(lo, hi) over [0, n): inline when n <= kGrain, else kGrain chunks spread over threads.
template <class F>
void for_chunks(i64 n, F&& body) {
  if (n <= kGrain) {
    body(i64(0), n);
    return;
  }
  const i64 chunks = (n + kGrain - 1) / kGrain;
#pragma omp parallel for schedule(static)
  for (i64 c = 0; c < chunks; ++c) body(c * kGrain, std::min(n, (c + 1) * kGrain));
}
}  // namespace

template <class T, bool kDecay, bool kMomentum, bool kNesterov, bool kFirst>
static void sgd_loop(i64 n, T* p, const T* g, T* buf, T lr, T momentum, T dampening, T wd) {
  const T keep = T(1) - dampening;
  for_chunks(n, [&](i64 lo, i64 hi) {
#pragma omp simd
    for (i64 i = lo; i < hi; ++i) {
      T d = g[i];
      if constexpr (kDecay) d = d + wd * p[i];
      if constexpr (kMomentum) {
        T b;
        if constexpr (kFirst)
          b = d;
        else
          b = momentum * buf[i] + keep * d;
        buf[i] = b;
        if constexpr (kNesterov)
          d = d + momentum * b;
        else
          d = b;
      }
      p[i] = p[i] + (-lr) * d;
    }
  });
}

template <class T>
static void sgd_update(i64 n, T* p, const T* g, T* buf, T lr, T momentum, T dampening, T wd,
                       bool nesterov, bool first_step) {
  const bool decay = wd != 0;
  if (buf == nullptr) {
    if (decay) return sgd_loop<T, true, false, false, false>(n, p, g, buf, lr, momentum, dampening, wd);
    return sgd_loop<T, false, false, false, false>(n, p, g, buf, lr, momentum, dampening, wd);
  }
  // Eight momentum variants: decay x nesterov x first_step.
  const int variant = (decay ? 4 : 0) | (nesterov ? 2 : 0) | (first_step ? 1 : 0);
  switch (variant) {
    case 0: return sgd_loop<T, false, true, false, false>(n, p, g, buf, lr, momentum, dampening, wd);
    case 1: return sgd_loop<T, false, true, false, true>(n, p, g, buf, lr, momentum, dampening, wd);
    case 2: return sgd_loop<T, false, true, true, false>(n, p, g, buf, lr, momentum, dampening, wd);
    case 3: return sgd_loop<T, false, true, true, true>(n, p, g, buf, lr, momentum, dampening, wd);
    case 4: return sgd_loop<T, true, true, false, false>(n, p, g, buf, lr, momentum, dampening, wd);
    case 5: return sgd_loop<T, true, true, false, true>(n, p, g, buf, lr, momentum, dampening, wd);
    case 6: return sgd_loop<T, true, true, true, false>(n, p, g, buf, lr, momentum, dampening, wd);
    default: return sgd_loop<T, true, true, true, true>(n, p, g, buf, lr, momentum, dampening, wd);
  }
}

template <class T, bool kDecay>
static void adagrad_loop(i64 n, T* p, const T* g, T* sum_sq, T lr, T eps, T wd) {
  for_chunks(n, [&](i64 lo, i64 hi) {
#pragma omp simd
    for (i64 i = lo; i < hi; ++i) {
      T d = g[i];
      if constexpr (kDecay) d = d + wd * p[i];
      const T s = sum_sq[i] + d * d;
      sum_sq[i] = s;
      p[i] = p[i] + (-lr) * d / (std::sqrt(s) + eps);
    }
  });
}

template <class T>
static void adagrad_update(i64 n, T* p, const T* g, T* sum_sq, T lr, T eps, T wd) {
  if (wd != 0) return adagrad_loop<T, true>(n, p, g, sum_sq, lr, eps, wd);
  adagrad_loop<T, false>(n, p, g, sum_sq, lr, eps, wd);
}

// kMode: 0 no weight decay, 1 L2 (added to the gradient), 2 decoupled (AdamW).
template <class T, int kMode>
static void adam_loop(i64 n, T* p, const T* g, T* m, T* v, T lr, T beta1, T beta2, T eps, T wd,
                      T bias_c1, T bias_c2) {
  const T decay = T(1) - lr * wd;
  const T step_size = lr / bias_c1;
  const T bias_c2_sqrt = std::sqrt(bias_c2);
  const T w1 = T(1) - beta1, w2 = T(1) - beta2;
  for_chunks(n, [&](i64 lo, i64 hi) {
#pragma omp simd
    for (i64 i = lo; i < hi; ++i) {
      T d = g[i];
      T pi = p[i];
      if constexpr (kMode == 1) d = d + wd * pi;
      if constexpr (kMode == 2) pi = pi * decay;
      const T mi = m[i] + w1 * (d - m[i]);
      const T vi = beta2 * v[i] + w2 * d * d;
      m[i] = mi;
      v[i] = vi;
      p[i] = pi + (-step_size) * mi / (std::sqrt(vi) / bias_c2_sqrt + eps);
    }
  });
}

template <class T>
static void adam_update(i64 n, T* p, const T* g, T* m, T* v, T lr, T beta1, T beta2, T eps, T wd,
                        bool decoupled, T bias_c1, T bias_c2) {
  if (wd == 0) return adam_loop<T, 0>(n, p, g, m, v, lr, beta1, beta2, eps, wd, bias_c1, bias_c2);
  if (decoupled) return adam_loop<T, 2>(n, p, g, m, v, lr, beta1, beta2, eps, wd, bias_c1, bias_c2);
  adam_loop<T, 1>(n, p, g, m, v, lr, beta1, beta2, eps, wd, bias_c1, bias_c2);
}

template <class T>
void fill_optim(KernelTable<T>& t) {
  t.sgd_update = sgd_update<T>;
  t.adagrad_update = adagrad_update<T>;
  t.adam_update = adam_update<T>;
}
template void fill_optim(KernelTable<float>&);
template void fill_optim(KernelTable<double>&);

}  // namespace simrec::nn::cpu
