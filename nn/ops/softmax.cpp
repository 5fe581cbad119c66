#include "nn/ops/softmax.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::nn {

namespace {

struct AxisView {
  i64 O, D, I;
};

AxisView axis_view(const Tensor& x, int axis) {
  const Shape& s = x.shape();
  return {s.prod(0, axis), s[axis], s.prod(axis + 1, s.rank())};
}

Tensor softmax_op(const char* name, const Tensor& x, int axis_arg, bool log) {
  detail::check_defined(name, x, "input");
  if (x.rank() == 0) fail(name, "needs at least one axis, got ", describe(x));
  const int axis = x.shape().axis(axis_arg, name);
  const AxisView v = axis_view(x, axis);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), softmax)(v.O, v.D, v.I, x.data<T>(), y.data<T>(), log);
  });
  return record(name, y, {x}, [v, log, y = y.detach()](const Tensor& g, Grads& gr) {
    Tensor dx = Tensor::empty(y.shape(), y.dtype());
    detail::dispatch(y.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(y), softmax_backward)(v.O, v.D, v.I, y.data<T>(),
                                                               g.data<T>(), dx.data<T>(), log);
    });
    gr.add(0, dx);
  });
}

}  // namespace

Tensor softmax(const Tensor& x, int axis) { return softmax_op("softmax", x, axis, false); }
Tensor log_softmax(const Tensor& x, int axis) { return softmax_op("log_softmax", x, axis, true); }

Tensor logsumexp(const Tensor& x, int axis_arg, bool keepdim) {
  detail::check_defined("logsumexp", x, "input");
  if (x.rank() == 0) fail("logsumexp", "needs at least one axis, got ", describe(x));
  const int axis = x.shape().axis(axis_arg, "logsumexp");
  const AxisView v = axis_view(x, axis);
  Shape kept = x.shape(), out_shape;
  kept[axis] = 1;
  for (int i = 0; i < x.rank(); ++i)
    if (i != axis || keepdim) out_shape.push_back(kept[i]);
  Tensor out = Tensor::empty(out_shape, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), logsumexp)(v.O, v.D, v.I, x.data<T>(), out.data<T>());
  });
  return record("logsumexp", out, {x}, [axis, kept, x = x.detach()](const Tensor& g, Grads& gr) {
    gr.add(0, mul(softmax(x, axis), reshape(g, kept)));
  });
}

Tensor log_softmax_pick(const Tensor& x, const std::vector<std::int64_t>& labels) {
  const char* op = "log_softmax_pick";
  detail::check_defined(op, x, "input");
  detail::check_rank(op, x, 2, "input [R, C]");
  const i64 R = x.shape()[0], C = x.shape()[1];
  if (i64(labels.size()) != R)
    fail(op, labels.size(), " labels for input ", describe(x), " (need one per row)");
  for (i64 r = 0; r < R; ++r)
    if (labels[r] < 0 || labels[r] >= C)
      fail(op, "label ", labels[r], " of row ", r, " is outside [0, C = ", C, ") for input ", describe(x));
  Tensor lse = Tensor::empty(Shape{R}, x.dtype());
  Tensor out = Tensor::empty(Shape{R}, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), logsumexp)(R, C, 1, x.data<T>(), lse.data<T>());
    const T* xp = x.data<T>();
    const T* lp = lse.data<T>();
    T* o = out.data<T>();
    for (i64 r = 0; r < R; ++r) o[r] = xp[r * C + labels[r]] - lp[r];
  });
  return record(op, out, {x}, [labels, x = x.detach(), lse](const Tensor& g, Grads& gr) {
    const i64 R = x.shape()[0], C = x.shape()[1];
    Tensor dx = Tensor::empty(x.shape(), x.dtype());
    detail::dispatch(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(x), log_softmax_pick_backward)(R, C, x.data<T>(), labels.data(), lse.data<T>(),
                                                                         g.data<T>(), dx.data<T>());
    });
    gr.add(0, dx);
  });
}

}  // namespace simrec::nn
