// Reference element-wise kernels: broadcast binary ops, unary ops and their derivatives.
#include "nn/kernels/reference/families.hpp"
#include "nn/kernels/unary_math.hpp"

namespace simrec::nn::reference {

template <class T>
static T apply(BinaryOp op, T a, T b) {
  switch (op) {
    case BinaryOp::Add: return a + b;
    case BinaryOp::Sub: return a - b;
    case BinaryOp::Mul: return a * b;
    case BinaryOp::Div: return a / b;
  }
  return a;
}

template <class T>
static void binary(BinaryOp op, const i64* d, const T* a, const i64* as, const T* b, const i64* bs,
                   T* out) {
  i64 o = 0;
  for (i64 i0 = 0; i0 < d[0]; ++i0)
    for (i64 i1 = 0; i1 < d[1]; ++i1)
      for (i64 i2 = 0; i2 < d[2]; ++i2)
        for (i64 i3 = 0; i3 < d[3]; ++i3) {
          const i64 ia = i0 * as[0] + i1 * as[1] + i2 * as[2] + i3 * as[3];
          const i64 ib = i0 * bs[0] + i1 * bs[1] + i2 * bs[2] + i3 * bs[3];
          out[o++] = apply(op, a[ia], b[ib]);
        }
}

template <class T>
static void unary(UnaryOp op, i64 n, const T* x, T* y, T p0, T p1) {
  for (i64 i = 0; i < n; ++i) y[i] = unary_value(op, x[i], p0, p1);
}

template <class T>
static void unary_backward(UnaryOp op, i64 n, const T* x, const T* y, const T* dy, T* dx, T p0,
                           T p1) {
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

}  // namespace simrec::nn::reference
