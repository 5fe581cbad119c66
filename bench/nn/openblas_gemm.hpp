#pragma once
// OpenBLAS called directly, for the "BLAS alone" reference cases (SPEC §8 compares GEMM-bound
// engine work with the BLAS's own rate). Callers set OpenBLAS's thread count around their loop.
#include <cblas.h>

#include <cstdint>

#include "nn/core/tensor.hpp"

namespace simrec::bench {

// c = op(a) op(b) on row-major f32 tensors (leading dimensions from their shapes).
inline void openblas_sgemm(bool ta, bool tb, std::int64_t M, std::int64_t N, std::int64_t K,
                           const nn::Tensor& a, const nn::Tensor& b, nn::Tensor& c) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N,
              K, 1.f, a.data<float>(), a.shape()[1], b.data<float>(), b.shape()[1], 0.f,
              c.data<float>(), c.shape()[1]);
}

}  // namespace simrec::bench
