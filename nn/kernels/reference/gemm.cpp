// Reference GEMM: the textbook triple loop, k ascending.
#include "nn/kernels/reference/families.hpp"

namespace simrec::nn::reference {

template <class T>
static void gemm(i64 batch, bool ta, bool tb, i64 M, i64 N, i64 K, T alpha, const T* A, i64 lda,
                 i64 sa, const T* B, i64 ldb, i64 sb, T beta, T* C, i64 ldc, i64 sc) {
  for (i64 b = 0; b < batch; ++b) {
    const T* a = A + b * sa;
    const T* bb = B + b * sb;
    T* c = C + b * sc;
    for (i64 m = 0; m < M; ++m)
      for (i64 n = 0; n < N; ++n) {
        T acc = 0;
        for (i64 k = 0; k < K; ++k)
          acc += (ta ? a[k * lda + m] : a[m * lda + k]) * (tb ? bb[n * ldb + k] : bb[k * ldb + n]);
        T& out = c[m * ldc + n];
        out = beta == T(0) ? alpha * acc : alpha * acc + beta * out;
      }
  }
}

template <class T>
void fill_gemm(KernelTable<T>& t) {
  t.gemm = gemm<T>;
}
template void fill_gemm(KernelTable<float>&);
template void fill_gemm(KernelTable<double>&);

}  // namespace simrec::nn::reference
