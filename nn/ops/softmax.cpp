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

}  // namespace simrec::nn
