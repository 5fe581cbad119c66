// Optimised element-wise kernels: OpenMP over contiguous ranges, with fast paths for the
// common broadcast patterns (same shape, scalar operand, row vector / bias). Per-element values
// are exactly the reference ones (no reductions here), so any split is deterministic.
#include <type_traits>

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
#pragma omp parallel for schedule(static) if (n > kParallelElements)
    for (i64 i = 0; i < n; ++i) out[i] = apply<op>(a[i], b[i]);
    return;
  }
  if (a_dense && b_scalar) {
    const T s = b[0];
#pragma omp parallel for schedule(static) if (n > kParallelElements)
    for (i64 i = 0; i < n; ++i) out[i] = apply<op>(a[i], s);
    return;
  }
  // General: iterate rows of the last dim in parallel; inner loop contiguous in out.
  const i64 C = d[3], R = n / (C == 0 ? 1 : C);
  if (C == 0) return;
#pragma omp parallel for schedule(static) if (n > kParallelElements)
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

// The op is a template argument so the switch in unary_value / unary_grad folds away and the
// loop vectorises where the formula allows (relu, affine, clamp, ...); the per-element formula is
// the reference's, so values are identical.
// Ops whose per-element cost is a libm call: parallel from kGrain / 4 elements; the others are
// cheap element-wise work (kParallelElements). The if clauses below name `parallel`: a bare if
// on "parallel for simd" also applies to simd, and a false one then runs the loop unvectorised.
constexpr bool costly(UnaryOp op, bool backward) {
  switch (op) {
    case UnaryOp::Sigmoid: case UnaryOp::Tanh: case UnaryOp::Exp: return !backward;
    case UnaryOp::Log: case UnaryOp::Pow: case UnaryOp::LogSigmoid: return true;
    default: return false;
  }
}

template <UnaryOp kOp>
inline constexpr i64 kUnaryMin = costly(kOp, false) ? kGrain / 4 : kParallelElements;
template <UnaryOp kOp>
inline constexpr i64 kUnaryBackwardMin = costly(kOp, true) ? kGrain / 4 : kParallelElements;

template <UnaryOp kOp, class T>
static void unary_loop(i64 n, const T* x, T* y, T p0, T p1) {
#pragma omp parallel for simd schedule(static) if (parallel : n > kUnaryMin<kOp>)
  for (i64 i = 0; i < n; ++i) y[i] = unary_value(kOp, x[i], p0, p1);
}

template <UnaryOp kOp, class T>
static void unary_backward_loop(i64 n, const T* x, const T* y, const T* dy, T* dx, T p0, T p1) {
  if (x == nullptr || y == nullptr) {  // rules that pass only one of x, y: the general loop
#pragma omp parallel for schedule(static) if (n > kUnaryBackwardMin<kOp>)
    for (i64 i = 0; i < n; ++i)
      dx[i] = unary_grad(kOp, x ? x[i] : T(0), y ? y[i] : T(0), dy[i], p0, p1);
    return;
  }
#pragma omp parallel for simd schedule(static) if (parallel : n > kUnaryBackwardMin<kOp>)
  for (i64 i = 0; i < n; ++i) dx[i] = unary_grad(kOp, x[i], y[i], dy[i], p0, p1);
}

// Calls f(std::integral_constant<UnaryOp, op>) for the run-time op.
template <class F>
static void with_unary_op(UnaryOp op, F&& f) {
  using U = UnaryOp;
  switch (op) {
    case U::Neg: return f(std::integral_constant<U, U::Neg>{});
    case U::Relu: return f(std::integral_constant<U, U::Relu>{});
    case U::Sigmoid: return f(std::integral_constant<U, U::Sigmoid>{});
    case U::Tanh: return f(std::integral_constant<U, U::Tanh>{});
    case U::Exp: return f(std::integral_constant<U, U::Exp>{});
    case U::Log: return f(std::integral_constant<U, U::Log>{});
    case U::Sqrt: return f(std::integral_constant<U, U::Sqrt>{});
    case U::Pow: return f(std::integral_constant<U, U::Pow>{});
    case U::Clamp: return f(std::integral_constant<U, U::Clamp>{});
    case U::Affine: return f(std::integral_constant<U, U::Affine>{});
    case U::LogSigmoid: return f(std::integral_constant<U, U::LogSigmoid>{});
  }
}

template <class T>
static void unary(UnaryOp op, i64 n, const T* x, T* y, T p0, T p1) {
  with_unary_op(op, [&](auto k) { unary_loop<decltype(k)::value>(n, x, y, p0, p1); });
}

template <class T>
static void unary_backward(UnaryOp op, i64 n, const T* x, const T* y, const T* dy, T* dx, T p0,
                           T p1) {
  with_unary_op(op, [&](auto k) {
    unary_backward_loop<decltype(k)::value>(n, x, y, dy, dx, p0, p1);
  });
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
