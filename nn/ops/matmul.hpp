#pragma once
// Matrix products (forward on the backend's GEMM).
//
//   matmul(a [M, K], b [K, N]) -> [M, N]           da = g b^T      db = a^T g
//   bmm(a [B, M, K], b [B, M, K]->...)             batched; a batch dim of 1 broadcasts
//   matmul_t(a [M, K], b [N, K]) = a b^T -> [M, N] (scores against an embedding table)
//   linear(x [..., in], w [out, in], b [out]) = x w^T + b   (PyTorch's weight layout; b optional)
//     (with a bias: one node, the GEMM accumulating into the bias rows)

#include "nn/core/tensor.hpp"

namespace simrec::nn {

Tensor matmul(const Tensor& a, const Tensor& b);
Tensor matmul_t(const Tensor& a, const Tensor& b);
// a [B or 1, M, K], b [B or 1, K, N] -> [B, M, N]; trans_b: b is [B or 1, N, K].
Tensor bmm(const Tensor& a, const Tensor& b, bool trans_b = false);
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b = Tensor());

}  // namespace simrec::nn
