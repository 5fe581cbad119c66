// Reference optimizer updates: one plain loop per kernel, the formulas of kernel_table.hpp
// written out element by element.
#include <cmath>

#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void sgd_update(i64 n, T* p, const T* g, T* buf, T lr, T momentum, T dampening, T wd,
                       bool nesterov, bool first_step) {
  for (i64 i = 0; i < n; ++i) {
    T d = g[i];
    if (wd != 0) d = d + wd * p[i];
    if (buf != nullptr) {
      buf[i] = first_step ? d : momentum * buf[i] + (T(1) - dampening) * d;
      d = nesterov ? d + momentum * buf[i] : buf[i];
    }
    p[i] = p[i] + (-lr) * d;
  }
}

template <class T>
static void adagrad_update(i64 n, T* p, const T* g, T* sum_sq, T lr, T eps, T wd) {
  for (i64 i = 0; i < n; ++i) {
    T d = g[i];
    if (wd != 0) d = d + wd * p[i];
    sum_sq[i] = sum_sq[i] + d * d;
    p[i] = p[i] + (-lr) * d / (std::sqrt(sum_sq[i]) + eps);
  }
}

template <class T>
static void adam_update(i64 n, T* p, const T* g, T* m, T* v, T lr, T beta1, T beta2, T eps, T wd,
                        bool decoupled, T bias_c1, T bias_c2) {
  const T decay = T(1) - lr * wd;
  const T step_size = lr / bias_c1;
  const T bias_c2_sqrt = std::sqrt(bias_c2);
  for (i64 i = 0; i < n; ++i) {
    T d = g[i];
    if (wd != 0) {
      if (decoupled)
        p[i] = p[i] * decay;
      else
        d = d + wd * p[i];
    }
    m[i] = m[i] + (T(1) - beta1) * (d - m[i]);
    v[i] = beta2 * v[i] + (T(1) - beta2) * d * d;
    p[i] = p[i] + (-step_size) * m[i] / (std::sqrt(v[i]) / bias_c2_sqrt + eps);
  }
}

template <class T>
void fill_optim(KernelTable<T>& t) {
  t.sgd_update = sgd_update<T>;
  t.adagrad_update = adagrad_update<T>;
  t.adam_update = adam_update<T>;
}
template void fill_optim(KernelTable<float>&);
template void fill_optim(KernelTable<double>&);

}  // namespace simrec::nn::reference
