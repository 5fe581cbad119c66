// reference kernels: gather_rows, scatter_add_rows, gather_cols, scatter_add_cols, embedding_bag, embedding_bag_backward, topk (not written yet: the table entries stay empty, so the ops
// that need them refuse with "the reference backend does not support this kernel").
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
void fill_indexing(KernelTable<T>& t) {}
template void fill_indexing(KernelTable<float>&);
template void fill_indexing(KernelTable<double>&);

}  // namespace simrec::nn::reference
