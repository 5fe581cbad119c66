// Reference shape kernels: window copy along one axis (slice / pad / concat) and axis permutation.
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void copy_axis(i64 O, i64 I, i64 len, const T* src, i64 src_D, i64 src_off, T* dst,
                      i64 dst_D, i64 dst_off, bool accumulate) {
  for (i64 o = 0; o < O; ++o)
    for (i64 j = 0; j < len; ++j)
      for (i64 i = 0; i < I; ++i) {
        const T v = src[(o * src_D + src_off + j) * I + i];
        T& d = dst[(o * dst_D + dst_off + j) * I + i];
        d = accumulate ? d + v : v;
      }
}

template <class T>
static void permute(const i64* x_dims, const int* perm, const T* x, T* y) {
  i64 x_strides[4];
  i64 stride = 1;
  for (int k = 3; k >= 0; --k) {
    x_strides[k] = stride;
    stride *= x_dims[k];
  }
  i64 yd[4], ys[4];  // y dims and, per y dim, the stride of the x dim it reads
  for (int k = 0; k < 4; ++k) {
    yd[k] = x_dims[perm[k]];
    ys[k] = x_strides[perm[k]];
  }
  i64 o = 0;
  for (i64 a = 0; a < yd[0]; ++a)
    for (i64 b = 0; b < yd[1]; ++b)
      for (i64 c = 0; c < yd[2]; ++c)
        for (i64 d = 0; d < yd[3]; ++d) y[o++] = x[a * ys[0] + b * ys[1] + c * ys[2] + d * ys[3]];
}

template <class T>
void fill_shape(KernelTable<T>& t) {
  t.copy_axis = copy_axis<T>;
  t.permute = permute<T>;
}
template void fill_shape(KernelTable<float>&);
template void fill_shape(KernelTable<double>&);

}  // namespace simrec::nn::reference
