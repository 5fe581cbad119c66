// cpu kernels: sgd_update, adagrad_update, adam_update (not written yet: the table entries stay empty, so the ops
// that need them refuse with "the cpu backend does not support this kernel").
#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

template <class T>
void fill_optim(KernelTable<T>& t) {}
template void fill_optim(KernelTable<float>&);
template void fill_optim(KernelTable<double>&);

}  // namespace simrec::nn::cpu
