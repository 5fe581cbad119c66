// reference kernels: sgd_update, adagrad_update, adam_update (not written yet: the table entries stay empty, so the ops
// that need them refuse with "the reference backend does not support this kernel").
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
void fill_optim(KernelTable<T>& t) {}
template void fill_optim(KernelTable<float>&);
template void fill_optim(KernelTable<double>&);

}  // namespace simrec::nn::reference
