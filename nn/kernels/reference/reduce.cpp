// Reference reductions: sums along one axis, d ascending.
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void sum_axis(i64 O, i64 D, i64 I, const T* x, T* out) {
  for (i64 o = 0; o < O; ++o)
    for (i64 i = 0; i < I; ++i) {
      T acc = 0;
      for (i64 d = 0; d < D; ++d) acc += x[(o * D + d) * I + i];
      out[o * I + i] = acc;
    }
}

template <class T>
void fill_reduce(KernelTable<T>& t) {
  t.sum_axis = sum_axis<T>;
}
template void fill_reduce(KernelTable<float>&);
template void fill_reduce(KernelTable<double>&);

}  // namespace simrec::nn::reference
