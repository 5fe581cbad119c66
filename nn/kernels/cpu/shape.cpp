// Optimised shape kernels. Pure data movement: any split gives the reference's exact values.
//
// copy_axis works on rows of I contiguous elements ((o, j) pairs), split across threads.
// permute splits the outer three output dims across threads; when the last axis stays last the
// inner loop is a contiguous copy, otherwise a strided gather.
#include <cstring>

#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

template <class T>
static void copy_axis(i64 O, i64 I, i64 len, const T* src, i64 src_D, i64 src_off, T* dst,
                      i64 dst_D, i64 dst_off, bool accumulate) {
  const i64 n_rows = O * len;
#pragma omp parallel for schedule(static) if (n_rows * I > kParallelElements)
  for (i64 r = 0; r < n_rows; ++r) {
    const i64 o = r / len, j = r % len;
    const T* s = src + (o * src_D + src_off + j) * I;
    T* d = dst + (o * dst_D + dst_off + j) * I;
    if (accumulate) {
      for (i64 i = 0; i < I; ++i) d[i] += s[i];
    } else {
      std::memcpy(d, s, sizeof(T) * I);
    }
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
  i64 yd[4], ys[4];
  for (int k = 0; k < 4; ++k) {
    yd[k] = x_dims[perm[k]];
    ys[k] = x_strides[perm[k]];
  }
  const i64 outer = yd[0] * yd[1] * yd[2], inner = yd[3];
  // A strided gather costs far more per element than a contiguous copy.
  const i64 parallel_min = ys[3] == 1 ? kParallelElements : kGrain;
#pragma omp parallel for schedule(static) if (outer * inner > parallel_min)
  for (i64 r = 0; r < outer; ++r) {
    const i64 c = r % yd[2], b = (r / yd[2]) % yd[1], a = r / (yd[2] * yd[1]);
    const T* src = x + a * ys[0] + b * ys[1] + c * ys[2];
    T* dst = y + r * inner;
    if (ys[3] == 1) {
      std::memcpy(dst, src, sizeof(T) * inner);
    } else {
      for (i64 d = 0; d < inner; ++d) dst[d] = src[d * ys[3]];
    }
  }
}

template <class T>
void fill_shape(KernelTable<T>& t) {
  t.copy_axis = copy_axis<T>;
  t.permute = permute<T>;
}
template void fill_shape(KernelTable<float>&);
template void fill_shape(KernelTable<double>&);

}  // namespace simrec::nn::cpu
