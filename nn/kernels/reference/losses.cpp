// Reference loss kernels: binary cross-entropy with logits.
#include "nn/kernels/loss_math.hpp"
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void bce_logits(i64 n, const T* z, const T* y, T* loss) {
  for (i64 i = 0; i < n; ++i) loss[i] = bce_logits_value(z[i], y[i]);
}

template <class T>
static void bce_logits_backward(i64 n, const T* z, const T* y, const T* dloss, T* dz, T* dy) {
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

}  // namespace simrec::nn::reference
