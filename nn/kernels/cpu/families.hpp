#pragma once
// Optimised CPU kernel families (OpenMP + OpenBLAS): each fills its entries of a KernelTable.
#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn::cpu {

template <class T> void fill_gemm(KernelTable<T>& t);
template <class T> void fill_elementwise(KernelTable<T>& t);
template <class T> void fill_reduce(KernelTable<T>& t);
template <class T> void fill_shape(KernelTable<T>& t);  // copy_axis, permute
template <class T> void fill_indexing(KernelTable<T>& t);  // gather_rows, scatter_add_rows, gather_cols, scatter_add_cols, embedding_bag, embedding_bag_backward, embedding_bag_backward_rows, topk
template <class T> void fill_normalize(KernelTable<T>& t);  // softmax, softmax_backward, logsumexp, layer_norm, layer_norm_backward, dropout_mask
template <class T> void fill_losses(KernelTable<T>& t);  // bce_logits, bce_logits_backward
template <class T> void fill_optim(KernelTable<T>& t);  // sgd_update, adagrad_update, adam_update
template <class T> void fill_recurrent(KernelTable<T>& t);  // lstm_cell, lstm_cell_backward

// Work split used by every parallel kernel: fixed-size chunks that depend only on the problem
// size, never on the thread count, so results are bit-identical for any number of threads.
inline constexpr std::int64_t kGrain = 1 << 14;

// Cheap element-wise work (a few flops or a copy per element) below this many elements runs on the
// calling thread. Starting an OpenMP region costs a few microseconds while the workers spin, but
// ~50-70 us once they sleep (OMP_WAIT_POLICY=PASSIVE, which a machine shared with other jobs
// needs): more than a whole 2^18-element add takes on one core (~20 us). Measured on the 2-vCPU
// development VM; kGrain above still fixes the chunks of reductions, whose results depend on it.
inline constexpr std::int64_t kParallelElements = 1 << 19;

}  // namespace simrec::nn::cpu
