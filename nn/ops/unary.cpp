#include "nn/ops/unary.hpp"

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

namespace {

// y = f(x) on the backend kernel; backward uses the fused unary_backward kernel with x and y.
Tensor unary_op(UnaryOp op, const char* name, const Tensor& x, double p0 = 0, double p1 = 0) {
  detail::check_defined(name, x, "input");
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), unary)(op, x.numel(), x.data<T>(), y.data<T>(), T(p0),
                                                  T(p1));
  });
  return record(name, y, {x}, [op, p0, p1, x = x.detach(), y = y.detach()](const Tensor& g,
                                                                          Grads& gr) {
    Tensor dx = Tensor::empty(x.shape(), x.dtype());
    detail::dispatch(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(x), unary_backward)(op, x.numel(), x.data<T>(),
                                                             y.data<T>(), g.data<T>(),
                                                             dx.data<T>(), T(p0), T(p1));
    });
    gr.add(0, dx);
  });
}

}  // namespace

Tensor relu(const Tensor& x) { return unary_op(UnaryOp::Relu, "relu", x); }
Tensor sigmoid(const Tensor& x) { return unary_op(UnaryOp::Sigmoid, "sigmoid", x); }
Tensor tanh(const Tensor& x) { return unary_op(UnaryOp::Tanh, "tanh", x); }
Tensor exp(const Tensor& x) { return unary_op(UnaryOp::Exp, "exp", x); }
Tensor log(const Tensor& x) { return unary_op(UnaryOp::Log, "log", x); }
Tensor sqrt(const Tensor& x) { return unary_op(UnaryOp::Sqrt, "sqrt", x); }
Tensor pow(const Tensor& x, double p) { return unary_op(UnaryOp::Pow, "pow", x, p); }
Tensor log_sigmoid(const Tensor& x) { return unary_op(UnaryOp::LogSigmoid, "log_sigmoid", x); }

Tensor clamp(const Tensor& x, double lo, double hi) {
  if (!(lo <= hi)) fail("clamp", "lower bound ", lo, " exceeds upper bound ", hi);
  return unary_op(UnaryOp::Clamp, "clamp", x, lo, hi);
}

}  // namespace simrec::nn
