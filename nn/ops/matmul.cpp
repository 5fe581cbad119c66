#include "nn/ops/matmul.hpp"

#include <algorithm>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::nn {

namespace {

// op(a) op(b) for 2-D or 3-D operands (3-D: batch dim first; a batch of 1 broadcasts).
// No autodiff: the recorded ops below wire gradients.
Tensor mm(const char* name, const Tensor& a, bool ta, const Tensor& b, bool tb) {
  detail::check_defined(name, a, "left operand");
  detail::check_defined(name, b, "right operand");
  detail::check_same_dtype(name, a, b);
  if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3 || a.rank() != b.rank())
    fail(name, "expects two 2-D or two 3-D operands, got ", describe(a), " and ", describe(b));
  const bool batched = a.rank() == 3;
  const int r = batched ? 1 : 0;
  const i64 batch_a = batched ? a.shape()[0] : 1, batch_b = batched ? b.shape()[0] : 1;
  if (batch_a != batch_b && batch_a != 1 && batch_b != 1)
    fail(name, "batch sizes differ: ", describe(a), " and ", describe(b));
  const i64 batch = batch_a > batch_b ? batch_a : batch_b;
  const i64 a_rows = a.shape()[r], a_cols = a.shape()[r + 1];
  const i64 b_rows = b.shape()[r], b_cols = b.shape()[r + 1];
  const i64 M = ta ? a_cols : a_rows, K = ta ? a_rows : a_cols;
  const i64 Kb = tb ? b_cols : b_rows, N = tb ? b_rows : b_cols;
  if (K != Kb)
    fail(name, "shape mismatch: ", describe(a), ta ? "^T" : "", " x ", describe(b), tb ? "^T" : "",
         ": inner dimensions ", K, " and ", Kb, " differ");
  Tensor out = Tensor::empty(batched ? Shape{batch, M, N} : Shape{M, N}, a.dtype());
  detail::dispatch(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(a), gemm)(
        batch, ta, tb, M, N, K, T(1), a.data<T>(), a_cols, batch_a == 1 ? 0 : a_rows * a_cols,
        b.data<T>(), b_cols, batch_b == 1 ? 0 : b_rows * b_cols, T(0), out.data<T>(), N, M * N);
  });
  return out;
}

}  // namespace

Tensor matmul(const Tensor& a, const Tensor& b) {
  if (a.defined() && b.defined() && (a.rank() != 2 || b.rank() != 2))
    fail("matmul", "expects 2-D operands, got ", describe(a), " and ", describe(b),
         " (use bmm for batches)");
  Tensor out = mm("matmul", a, false, b, false);
  return record("matmul", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g,
                                                                        Grads& gr) {
    if (gr.needs(0)) gr.add(0, mm("matmul backward", g, false, b, true));
    if (gr.needs(1)) gr.add(1, mm("matmul backward", a, true, g, false));
  });
}

Tensor matmul_t(const Tensor& a, const Tensor& b) {
  if (a.defined() && b.defined() && (a.rank() != 2 || b.rank() != 2))
    fail("matmul_t", "expects 2-D operands, got ", describe(a), " and ", describe(b));
  Tensor out = mm("matmul_t", a, false, b, true);
  return record("matmul_t", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g,
                                                                          Grads& gr) {
    if (gr.needs(0)) gr.add(0, mm("matmul_t backward", g, false, b, false));
    if (gr.needs(1)) gr.add(1, mm("matmul_t backward", g, true, a, false));
  });
}

Tensor bmm(const Tensor& a, const Tensor& b, bool trans_b) {
  if (a.defined() && b.defined() && (a.rank() != 3 || b.rank() != 3))
    fail("bmm", "expects 3-D operands [batch, rows, cols], got ", describe(a), " and ",
         describe(b));
  Tensor out = mm("bmm", a, false, b, trans_b);
  return record("bmm", out, {a, b}, [a = a.detach(), b = b.detach(), trans_b](const Tensor& g,
                                                                             Grads& gr) {
    // Gradients are computed per batch, then summed over a broadcast (size-1) batch dim.
    if (gr.needs(0)) {
      Tensor da = mm("bmm backward", g, false, b, !trans_b);
      gr.add(0, sum_to(da, a.shape()));
    }
    if (gr.needs(1)) {
      Tensor db = trans_b ? mm("bmm backward", g, true, a, false) : mm("bmm backward", a, true, g, false);
      gr.add(1, sum_to(db, b.shape()));
    }
  });
}

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b) {
  detail::check_defined("linear", x, "input");
  detail::check_defined("linear", w, "weight");
  if (w.rank() != 2) fail("linear", "weight must be [out, in], got ", describe(w));
  if (x.rank() < 1 || x.shape()[x.rank() - 1] != w.shape()[1])
    fail("linear", "input ", describe(x), " does not end in in_features = ", w.shape()[1],
         " of weight ", describe(w));
  if (b.defined() && (b.rank() != 1 || b.shape()[0] != w.shape()[0]))
    fail("linear", "bias must be [", w.shape()[0], "], got ", describe(b));
  const i64 in = w.shape()[1], out = w.shape()[0];
  Tensor x2 = x.rank() == 2 ? x : reshape(x, {-1, in});
  Tensor y;
  if (!b.defined()) {
    y = matmul_t(x2, w);
  } else {
    // One node: y is filled with the bias rows and the GEMM accumulates into it (beta = 1), so the
    // forward makes no separate [M, out] bias pass and buffer. Backward: dx = g w, dw = g^T x,
    // db = column sums of g (what the matmul_t + add composite gives).
    detail::check_same_dtype("linear", x2, w);
    detail::check_same_dtype("linear", x2, b);
    const i64 M = x2.shape()[0];
    y = Tensor::empty(Shape{M, out}, x2.dtype());
    detail::dispatch(x2.dtype(), [&](auto tag) {
      using T = decltype(tag);
      T* yp = y.data<T>();
      const T* bp = b.data<T>();
      for (i64 r = 0; r < M; ++r) std::copy(bp, bp + out, yp + r * out);
      SIMREC_KERNEL(detail::table_for<T>(x2), gemm)(1, false, true, M, out, in, T(1), x2.data<T>(), in, 0, w.data<T>(), in, 0,
                                                    T(1), yp, out, 0);
    });
    y = record("linear", y, {x2, w, b}, [x2 = x2.detach(), w = w.detach()](const Tensor& g, Grads& gr) {
      if (gr.needs(0)) gr.add(0, mm("linear backward", g, false, w, false));
      if (gr.needs(1)) gr.add(1, mm("linear backward", g, true, x2, false));
      if (gr.needs(2)) gr.add(2, sum(g, {0}));
    });
  }
  if (x.rank() == 2) return y;
  Shape out_shape = x.shape();
  out_shape[x.rank() - 1] = out;
  return reshape(y, out_shape);
}

}  // namespace simrec::nn
