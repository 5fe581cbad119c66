// Reference loss kernels: label picking and binary cross-entropy with logits.
#include "nn/kernels/loss_math.hpp"
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void pick(i64 R, i64 C, const i64* labels, const T* x, T* out) {
  for (i64 r = 0; r < R; ++r) out[r] = x[r * C + labels[r]];
}

template <class T>
static void pick_backward(i64 R, i64 C, const i64* labels, const T* dout, T* dx) {
  for (i64 r = 0; r < R; ++r)
    for (i64 c = 0; c < C; ++c) dx[r * C + c] = c == labels[r] ? dout[r] : T(0);
}

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
  t.pick = pick<T>;
  t.pick_backward = pick_backward<T>;
  t.bce_logits = bce_logits<T>;
  t.bce_logits_backward = bce_logits_backward<T>;
}
template void fill_losses(KernelTable<float>&);
template void fill_losses(KernelTable<double>&);

}  // namespace simrec::nn::reference
