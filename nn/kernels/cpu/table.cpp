// The optimised CPU backend: OpenMP for element-wise, reduction and embedding work, OpenBLAS for
// GEMM. Each family file defines fill_<family>(table).
#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn {

template <class T>
static KernelTable<T> make_cpu_table() {
  KernelTable<T> t;
  t.backend = "cpu";
  cpu::fill_gemm(t);
  cpu::fill_elementwise(t);
  cpu::fill_reduce(t);
  cpu::fill_shape(t);
  cpu::fill_indexing(t);
  cpu::fill_normalize(t);
  cpu::fill_losses(t);
  cpu::fill_optim(t);
  cpu::fill_recurrent(t);
  return t;
}

template <class T>
const KernelTable<T>& cpu_kernels() {
  static const KernelTable<T> table = make_cpu_table<T>();
  return table;
}
template const KernelTable<float>& cpu_kernels<float>();
template const KernelTable<double>& cpu_kernels<double>();

}  // namespace simrec::nn
