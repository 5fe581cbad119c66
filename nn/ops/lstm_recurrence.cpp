#include "nn/ops/lstm_recurrence.hpp"

#include <utility>

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Tensor lstm_recurrence(const Tensor& xz, const Tensor& w_hh, const Tensor& b_hh, const Tensor& h0,
                       const Tensor& c0) {
  const char* op = "lstm_recurrence";
  detail::check_defined(op, xz, "xz");
  detail::check_defined(op, w_hh, "w_hh");
  detail::check_defined(op, h0, "h0");
  detail::check_defined(op, c0, "c0");
  detail::check_rank(op, xz, 3, "xz");
  detail::check_rank(op, w_hh, 2, "w_hh");
  for (const Tensor* t : {&w_hh, &h0, &c0}) detail::check_same_dtype(op, xz, *t);
  const i64 T = xz.shape()[0], B = xz.shape()[1], H = w_hh.shape()[1];
  if (T < 1) fail(op, "empty sequence ", describe(xz));
  if (xz.shape()[2] != 4 * H || w_hh.shape()[0] != 4 * H)
    fail(op, "xz must be [T, B, 4H] and w_hh [4H, H], got ", describe(xz), " and ",
         describe(w_hh));
  if (h0.shape() != Shape{B, H} || c0.shape() != Shape{B, H})
    fail(op, "h0 and c0 must be [", B, ", ", H, "], got ", describe(h0), " and ", describe(c0));
  if (b_hh.defined()) {
    detail::check_same_dtype(op, xz, b_hh);
    if (b_hh.shape() != Shape{4 * H}) fail(op, "b_hh must be [", 4 * H, "], got ", describe(b_hh));
  }
  const DType dt = xz.dtype();
  const i64 BH = B * H;
  Tensor packed = Tensor::empty(Shape{T + 1, B, H}, dt);
  Tensor acts = Tensor::empty(Shape{T, B, 5 * H}, dt);  // i | f | g | o | tanh(c) per step
  Tensor cs = Tensor::empty(Shape{T, B, H}, dt);         // c_t per step
  detail::dispatch(dt, [&](auto tag) {
    using T_ = decltype(tag);
    const KernelTable<T_>& k = detail::table_for<T_>(xz);
    const auto gemm = SIMREC_KERNEL(k, gemm);
    const auto cell = SIMREC_KERNEL(k, lstm_cell);
    Tensor hz = Tensor::empty(Shape{B, 4 * H}, dt);
    T_* P = packed.data<T_>();
    T_* C = cs.data<T_>();
    const T_* bias = b_hh.defined() ? b_hh.data<T_>() : nullptr;
    for (i64 t = 0; t < T; ++t) {
      const T_* h_prev = t == 0 ? h0.data<T_>() : P + (t - 1) * BH;
      const T_* c_prev = t == 0 ? c0.data<T_>() : C + (t - 1) * BH;
      gemm(1, false, true, B, 4 * H, H, T_(1), h_prev, H, 0, w_hh.data<T_>(), H, 0, T_(0),
           hz.data<T_>(), 4 * H, 0);
      cell(B, H, xz.data<T_>() + t * B * 4 * H, hz.data<T_>(), bias, c_prev, P + t * BH,
           C + t * BH, acts.data<T_>() + t * B * 5 * H);
    }
    SIMREC_KERNEL(k, copy_axis)(1, BH, 1, C, T, T - 1, P, T + 1, T, false);
  });
  return record(
      op, packed, {xz, w_hh, b_hh, h0, c0},
      [T, B, H, w_hh = w_hh.detach(), h0 = h0.detach(), c0 = c0.detach(), out = packed.detach(),
       acts, cs](const Tensor& g, Grads& gr) {
        const DType dt = g.dtype();
        const i64 BH = B * H;
        Tensor dZ = Tensor::empty(Shape{T, B, 4 * H}, dt);
        Tensor dh = Tensor::empty(Shape{B, H}, dt);
        Tensor dc = Tensor::empty(Shape{B, H}, dt), dc_prev = Tensor::empty(Shape{B, H}, dt);
        Tensor dh0 = gr.needs(3) ? Tensor::empty(Shape{B, H}, dt) : Tensor();
        Tensor dw = gr.needs(1) ? Tensor::empty(w_hh.shape(), dt) : Tensor();
        Tensor db = gr.needs(2) ? Tensor::empty(Shape{4 * H}, dt) : Tensor();
        detail::dispatch(dt, [&](auto tag) {
          using T_ = decltype(tag);
          const KernelTable<T_>& k = detail::table_for<T_>(g);
          const auto gemm = SIMREC_KERNEL(k, gemm);
          const auto copy = SIMREC_KERNEL(k, copy_axis);
          const auto cell_bw = SIMREC_KERNEL(k, lstm_cell_backward);
          const T_* G = g.data<T_>();
          const T_* W = w_hh.data<T_>();
          T_* Z = dZ.data<T_>();
          copy(1, BH, 1, G, T + 1, T - 1, dh.data<T_>(), 1, 0, false);  // dh_T
          copy(1, BH, 1, G, T + 1, T, dc.data<T_>(), 1, 0, false);      // dc_T
          for (i64 t = T - 1; t >= 0; --t) {
            const T_* c_prev = t == 0 ? c0.data<T_>() : cs.data<T_>() + (t - 1) * BH;
            T_* dz = Z + t * B * 4 * H;
            cell_bw(B, H, acts.data<T_>() + t * B * 5 * H, c_prev, dh.data<T_>(), dc.data<T_>(),
                    dz, dc_prev.data<T_>());
            std::swap(dc, dc_prev);  // dc is now dc_{t-1}
            if (t > 0) {
              // dh_{t-1} = g[t-1] + dz_t w_hh
              copy(1, BH, 1, G, T + 1, t - 1, dh.data<T_>(), 1, 0, false);
              gemm(1, false, false, B, H, 4 * H, T_(1), dz, 4 * H, 0, W, H, 0, T_(1),
                   dh.data<T_>(), H, 0);
            } else if (dh0.defined()) {
              gemm(1, false, false, B, H, 4 * H, T_(1), dz, 4 * H, 0, W, H, 0, T_(0),
                   dh0.data<T_>(), H, 0);
            }
          }
          if (dw.defined()) {
            // dw = dz_1^T h0 + sum_{t >= 2} dz_t^T h_{t-1} (rows 0 .. T-2 of the output).
            gemm(1, true, false, 4 * H, H, B, T_(1), Z, 4 * H, 0, h0.data<T_>(), H, 0, T_(0),
                 dw.data<T_>(), H, 0);
            if (T > 1)
              gemm(1, true, false, 4 * H, H, (T - 1) * B, T_(1), Z + B * 4 * H, 4 * H, 0,
                   out.data<T_>(), H, 0, T_(1), dw.data<T_>(), H, 0);
          }
          if (db.defined()) SIMREC_KERNEL(k, sum_axis)(1, T * B, 4 * H, Z, db.data<T_>());
        });
        if (gr.needs(0)) gr.add(0, dZ);
        if (dw.defined()) gr.add(1, dw);
        if (db.defined()) gr.add(2, db);
        if (dh0.defined()) gr.add(3, dh0);
        if (gr.needs(4)) gr.add(4, dc);
      });
}

}  // namespace simrec::nn
