// Optimised GEMM: OpenBLAS sgemm/dgemm on fixed blocks, blocks spread over OpenMP threads.
//
// OpenBLAS runs single-threaded inside; we split C into blocks whose size depends only on
// (M, N, K), so every element is computed by the same BLAS call with the same operands whatever
// the thread count: results are bit-identical for 1 or many threads.
#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <mutex>

#include "nn/kernels/cpu/families.hpp"

namespace simrec::nn::cpu {

namespace {
void blas_single_threaded() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

inline void blas_gemm(bool ta, bool tb, i64 M, i64 N, i64 K, float alpha, const float* A, i64 lda,
                      const float* B, i64 ldb, float beta, float* C, i64 ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N,
              K, alpha, A, lda, B, ldb, beta, C, ldc);
}
inline void blas_gemm(bool ta, bool tb, i64 M, i64 N, i64 K, double alpha, const double* A,
                      i64 lda, const double* B, i64 ldb, double beta, double* C, i64 ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N,
              K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// Blocks along the longer of M and N: a power-of-two count (so 2, 4, 8 threads share them evenly),
// at most kMaxBlocks, each at least kMinBlock long. Every block call re-packs the whole other
// operand, which costs ~1/length of the block's work: 64-long blocks were 14% slower than one
// call (OpenBLAS sgemm, one core, 1024x512x512), 128-long ones 8%, 256-long ones 4%.
constexpr i64 kMaxBlocks = 16;
constexpr i64 kMinBlock = 128;
// M*N*K below this: one call on the calling thread (~20-40 us of work, less than waking a
// sleeping OpenMP team costs; see kParallelElements).
constexpr i64 kSerialWork = 1 << 21;

i64 block_count(i64 extent) {
  i64 n = 1;
  while (n * 2 <= kMaxBlocks && extent / (n * 2) >= kMinBlock) n *= 2;
  return n;
}
}  // namespace

template <class T>
static void gemm(i64 batch, bool ta, bool tb, i64 M, i64 N, i64 K, T alpha, const T* A, i64 lda,
                 i64 sa, const T* B, i64 ldb, i64 sb, T beta, T* C, i64 ldc, i64 sc) {
  blas_single_threaded();
  if (M == 0 || N == 0) return;
  if (K == 0) {  // BLAS leaves C scaled by beta; make beta == 0 mean overwrite
    for (i64 b = 0; b < batch; ++b)
      for (i64 m = 0; m < M; ++m)
        for (i64 n = 0; n < N; ++n) {
          T& c = C[b * sc + m * ldc + n];
          c = beta == T(0) ? T(0) : beta * c;
        }
    return;
  }
  const bool split_m = M >= N;
  const i64 extent = split_m ? M : N;
  const i64 work = M * N * K;
  const i64 parts = work >= kSerialWork ? block_count(extent) : 1;
  const i64 block = (extent + parts - 1) / parts;
  const i64 nblocks = (extent + block - 1) / block;
  const i64 tasks = batch * nblocks;
#pragma omp parallel for schedule(static) if (tasks > 1 && batch * work >= kSerialWork)
  for (i64 task = 0; task < tasks; ++task) {
    const i64 b = task / nblocks, lo = (task % nblocks) * block;
    const i64 len = std::min(block, extent - lo);
    const T* a = A + b * sa;
    const T* bb = B + b * sb;
    T* c = C + b * sc;
    if (split_m) {
      const T* a_blk = ta ? a + lo : a + lo * lda;
      blas_gemm(ta, tb, len, N, K, alpha, a_blk, lda, bb, ldb, beta, c + lo * ldc, ldc);
    } else {
      const T* b_blk = tb ? bb + lo * ldb : bb + lo;
      blas_gemm(ta, tb, M, len, K, alpha, a, lda, b_blk, ldb, beta, c + lo, ldc);
    }
  }
}

template <class T>
void fill_gemm(KernelTable<T>& t) {
  t.gemm = gemm<T>;
}
template void fill_gemm(KernelTable<float>&);
template void fill_gemm(KernelTable<double>&);

}  // namespace simrec::nn::cpu
