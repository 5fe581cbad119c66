// cpu kernels: softmax, softmax_backward, layer_norm, layer_norm_backward, dropout_mask (not written yet: the table entries stay empty, so the ops
// that need them refuse with "the cpu backend does not support this kernel").
#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

template <class T>
void fill_normalize(KernelTable<T>& t) {}
template void fill_normalize(KernelTable<float>&);
template void fill_normalize(KernelTable<double>&);

}  // namespace simrec::nn::cpu
