// Optimised reductions along one axis.
//
// When there are many outputs, each output is summed by one thread with d ascending (the same
// order as the reference kernel). A full reduction (one output) is split into fixed chunks of
// kGrain elements; chunk partials are combined in chunk order, so the result is independent of
// the thread count (it may differ from the serial reference by rounding).
#include <algorithm>
#include <vector>

#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

template <class T>
static void sum_axis(i64 O, i64 D, i64 I, const T* x, T* out) {
  const i64 outputs = O * I;
  if (outputs == 1 && D > kGrain) {
    const i64 chunks = (D + kGrain - 1) / kGrain;
    std::vector<T> partial(chunks);
#pragma omp parallel for schedule(static)
    for (i64 c = 0; c < chunks; ++c) {
      const i64 lo = c * kGrain, hi = std::min(D, lo + kGrain);
      T acc = 0;
      for (i64 d = lo; d < hi; ++d) acc += x[d];
      partial[c] = acc;
    }
    T acc = 0;
    for (i64 c = 0; c < chunks; ++c) acc += partial[c];
    out[0] = acc;
    return;
  }
  if (I == 1) {
#pragma omp parallel for schedule(static) if (O * D > kGrain)
    for (i64 o = 0; o < O; ++o) {
      const T* row = x + o * D;
      T acc = 0;
      for (i64 d = 0; d < D; ++d) acc += row[d];
      out[o] = acc;
    }
    return;
  }
  if (O == 1) {
    // One [D, I] block (a bias gradient): threads own ranges of columns; each column is still
    // summed d ascending.
    constexpr i64 kCols = 256;
    const i64 chunks = (I + kCols - 1) / kCols;
#pragma omp parallel for schedule(static) if (chunks > 1 && D * I > kParallelElements)
    for (i64 c = 0; c < chunks; ++c) {
      const i64 lo = c * kCols, hi = std::min(I, lo + kCols);
      for (i64 i = lo; i < hi; ++i) out[i] = 0;
      for (i64 d = 0; d < D; ++d) {
        const T* src = x + d * I;
        for (i64 i = lo; i < hi; ++i) out[i] += src[i];
      }
    }
    return;
  }
  // Sum rows of an [D, I] block per o: out row accumulates x rows in d order (vectorises over i).
#pragma omp parallel for schedule(static) if (O * D * I > kParallelElements)
  for (i64 o = 0; o < O; ++o) {
    T* dst = out + o * I;
    for (i64 i = 0; i < I; ++i) dst[i] = 0;
    for (i64 d = 0; d < D; ++d) {
      const T* src = x + (o * D + d) * I;
      for (i64 i = 0; i < I; ++i) dst[i] += src[i];
    }
  }
}

template <class T>
void fill_reduce(KernelTable<T>& t) {
  t.sum_axis = sum_axis<T>;
}
template void fill_reduce(KernelTable<float>&);
template void fill_reduce(KernelTable<double>&);

}  // namespace simrec::nn::cpu
