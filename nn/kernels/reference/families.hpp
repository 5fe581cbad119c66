#pragma once
// Reference kernel families: each fills its entries of a KernelTable (float and double).
#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn::reference {

template <class T> void fill_gemm(KernelTable<T>& t);
template <class T> void fill_elementwise(KernelTable<T>& t);
template <class T> void fill_reduce(KernelTable<T>& t);
template <class T> void fill_shape(KernelTable<T>& t);  // copy_axis, permute
template <class T> void fill_indexing(KernelTable<T>& t);  // gather_rows, scatter_add_rows, gather_cols, scatter_add_cols, embedding_bag, embedding_bag_backward, embedding_bag_backward_rows, topk
template <class T> void fill_normalize(KernelTable<T>& t);  // softmax, softmax_backward, logsumexp, layer_norm, layer_norm_backward, dropout_mask
template <class T> void fill_losses(KernelTable<T>& t);  // bce_logits, bce_logits_backward
template <class T> void fill_optim(KernelTable<T>& t);  // sgd_update, adagrad_update, adam_update
template <class T> void fill_recurrent(KernelTable<T>& t);  // lstm_cell, lstm_cell_backward

}  // namespace simrec::nn::reference
