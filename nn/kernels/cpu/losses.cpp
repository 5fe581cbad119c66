// Optimised loss kernels (OpenMP): element-wise and row-wise work only, so any split gives the
// reference's values exactly.
#include "nn/kernels/cpu/families.hpp"
#include "nn/kernels/loss_math.hpp"

namespace simrec::nn::cpu {

template <class T>
static void bce_logits(i64 n, const T* z, const T* y, T* loss) {
#pragma omp parallel for schedule(static) if (n > kGrain / 4)
  for (i64 i = 0; i < n; ++i) loss[i] = bce_logits_value(z[i], y[i]);
}

template <class T>
static void bce_logits_backward(i64 n, const T* z, const T* y, const T* dloss, T* dz, T* dy) {
#pragma omp parallel for schedule(static) if (n > kGrain / 4)
  for (i64 i = 0; i < n; ++i) {
    if (dz) dz[i] = dloss[i] * bce_logits_dz(z[i], y[i]);
    if (dy) dy[i] = dloss[i] * -z[i];
  }
}

template <class T>
void fill_losses(KernelTable<T>& t) {
  t.bce_logits = bce_logits<T>;
  t.bce_logits_backward = bce_logits_backward<T>;
}
template void fill_losses(KernelTable<float>&);
template void fill_losses(KernelTable<double>&);

}  // namespace simrec::nn::cpu
