// Optimised element-wise kernels: OpenMP over contiguous ranges, with fast paths for the
// common broadcast patterns (same shape, scalar operand, row vector / bias). Per-element values
// are exactly the reference ones (no reductions here), so any split is deterministic.
#include "nn/kernels/cpu/families.hpp"
#include "nn/kernels/unary_math.hpp"

namespace simrec::nn::cpu {

template <BinaryOp op, class T>
static inline T apply(T a, T b) {
  if constexpr (op == BinaryOp::Add) return a + b;
  if constexpr (op == BinaryOp::Sub) return a - b;
  if constexpr (op == BinaryOp::Mul) return a * b;
  if constexpr (op == BinaryOp::Div) return a / b;
}

// out viewed as [rows, cols] with cols = the last dim; a and b strides per (row, col).
template <BinaryOp op, class T>
static void binary_typed(const i64* d, const T* a, const i64* as, const T* b, const i64* bs,
                         T* out) {
  const i64 n = d[0] * d[1] * d[2] * d[3];
  const bool a_dense = as[3] == 1 && as[2] == d[3] && as[1] == d[2] * d[3] &&
                       as[0] == d[1] * d[2] * d[3];
  const bool b_dense = bs[3] == 1 && bs[2] == d[3] && bs[1] == d[2] * d[3] &&
                       bs[0] == d[1] * d[2] * d[3];
  const bool b_scalar = bs[0] == 0 && bs[1] == 0 && bs[2] == 0 && bs[3] == 0;
  if (a_dense && b_dense) {
#pragma omp parallel for schedule(static) if (n > kGrain)
    for (i64 i = 0; i < n; ++i) out[i] = apply<op>(a[i], b[i]);
    return;
  }
  if (a_dense && b_scalar) {
    const T s = b[0];
#pragma omp parallel for schedule(static) if (n > kGrain)
    for (i64 i = 0; i < n; ++i) out[i] = apply<op>(a[i], s);
    return;
  }
  // General: iterate rows of the last dim in parallel; inner loop contiguous in out.
  const i64 C = d[3], R = n / (C == 0 ? 1 : C);
  if (C == 0) return;
#pragma omp parallel for schedule(static) if (n > kGrain)
  for (i64 r = 0; r < R; ++r) {
    const i64 i2 = r % d[2], i1 = (r / d[2]) % d[1], i0 = r / (d[2] * d[1]);
    const T* ar = a + i0 * as[0] + i1 * as[1] + i2 * as[2];
    const T* br = b + i0 * bs[0] + i1 * bs[1] + i2 * bs[2];
    T* o = out + r * C;
    if (as[3] == 1 && bs[3] == 1) {
      for (i64 c = 0; c < C; ++c) o[c] = apply<op>(ar[c], br[c]);
    } else if (as[3] == 1 && bs[3] == 0) {
      const T s = br[0];
      for (i64 c = 0; c < C; ++c) o[c] = apply<op>(ar[c], s);
    } else if (as[3] == 0 && bs[3] == 1) {
      const T s = ar[0];
      for (i64 c = 0; c < C; ++c) o[c] = apply<op>(s, br[c]);
    } else {
      for (i64 c = 0; c < C; ++c) o[c] = apply<op>(ar[c * as[3]], br[c * bs[3]]);
    }
  }
}

template <class T>
static void binary(BinaryOp op, const i64* d, const T* a, const i64* as, const T* b, const i64* bs,
                   T* out) {
  switch (op) {
    case BinaryOp::Add: return binary_typed<BinaryOp::Add>(d, a, as, b, bs, out);
    case BinaryOp::Sub: return binary_typed<BinaryOp::Sub>(d, a, as, b, bs, out);
    case BinaryOp::Mul: return binary_typed<BinaryOp::Mul>(d, a, as, b, bs, out);
    case BinaryOp::Div: return binary_typed<BinaryOp::Div>(d, a, as, b, bs, out);
  }
}

template <class T>
static void unary(UnaryOp op, i64 n, const T* x, T* y, T p0, T p1) {
#pragma omp parallel for schedule(static) if (n > kGrain / 4)
  for (i64 i = 0; i < n; ++i) y[i] = unary_value(op, x[i], p0, p1);
}

template <class T>
static void unary_backward(UnaryOp op, i64 n, const T* x, const T* y, const T* dy, T* dx, T p0,
                           T p1) {
#pragma omp parallel for schedule(static) if (n > kGrain / 4)
  for (i64 i = 0; i < n; ++i)
    dx[i] = unary_grad(op, x ? x[i] : T(0), y ? y[i] : T(0), dy[i], p0, p1);
}

template <class T>
void fill_elementwise(KernelTable<T>& t) {
  t.binary = binary<T>;
  t.unary = unary<T>;
  t.unary_backward = unary_backward<T>;
}
template void fill_elementwise(KernelTable<float>&);
template void fill_elementwise(KernelTable<double>&);

}  // namespace simrec::nn::cpu
