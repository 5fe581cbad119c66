// The reference backend: plain single-threaded loops, written for clarity; the oracle that the
// optimised kernels are tested against. Each family file defines fill_<family>(table).
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn {

template <class T>
static KernelTable<T> make_reference_table() {
  KernelTable<T> t;
  t.backend = "reference";
  reference::fill_gemm(t);
  reference::fill_elementwise(t);
  reference::fill_reduce(t);
  reference::fill_shape(t);
  reference::fill_indexing(t);
  reference::fill_normalize(t);
  reference::fill_losses(t);
  reference::fill_optim(t);
  reference::fill_recurrent(t);
  return t;
}

template <class T>
const KernelTable<T>& reference_kernels() {
  static const KernelTable<T> table = make_reference_table<T>();
  return table;
}
template const KernelTable<float>& reference_kernels<float>();
template const KernelTable<double>& reference_kernels<double>();

}  // namespace simrec::nn
