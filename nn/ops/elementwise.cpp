#include "nn/ops/elementwise.hpp"


#include "nn/ops/broadcast_layout.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reduce.hpp"

namespace simrec::nn {

namespace {

Tensor binary_forward(BinaryOp op, const char* name, const Tensor& a, const Tensor& b) {
  detail::check_defined(name, a, "left operand");
  detail::check_defined(name, b, "right operand");
  detail::check_same_dtype(name, a, b);
  const Shape shape = broadcast_shapes(a.shape(), b.shape(), name);
  Tensor out = Tensor::empty(shape, a.dtype());
  const auto d = detail::padded_dims(shape);
  const auto as = detail::broadcast_strides(a.shape(), shape);
  const auto bs = detail::broadcast_strides(b.shape(), shape);
  detail::dispatch(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const auto& k = detail::table_for<T>(a);
    SIMREC_KERNEL(k, binary)(op, d.data(), a.data<T>(), as.data(), b.data<T>(), bs.data(),
                             out.data<T>());
  });
  return out;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = binary_forward(BinaryOp::Add, "add", a, b);
  return record("add", out, {a, b}, [sa = a.shape(), sb = b.shape()](const Tensor& g, Grads& gr) {
    if (gr.needs(0)) gr.add(0, sum_to(g, sa));
    if (gr.needs(1)) gr.add(1, sum_to(g, sb));
  });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  Tensor out = binary_forward(BinaryOp::Sub, "sub", a, b);
  return record("sub", out, {a, b}, [sa = a.shape(), sb = b.shape()](const Tensor& g, Grads& gr) {
    if (gr.needs(0)) gr.add(0, sum_to(g, sa));
    if (gr.needs(1)) gr.add(1, neg(sum_to(g, sb)));
  });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = binary_forward(BinaryOp::Mul, "mul", a, b);
  return record("mul", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g, Grads& gr) {
    if (gr.needs(0)) gr.add(0, sum_to(mul(g, b), a.shape()));
    if (gr.needs(1)) gr.add(1, sum_to(mul(g, a), b.shape()));
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  Tensor out = binary_forward(BinaryOp::Div, "div", a, b);
  return record("div", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g, Grads& gr) {
    const Tensor g_over_b = div(g, b);
    if (gr.needs(0)) gr.add(0, sum_to(g_over_b, a.shape()));
    if (gr.needs(1)) gr.add(1, neg(sum_to(div(mul(g_over_b, a), b), b.shape())));
  });
}

Tensor affine(const Tensor& x, double scale, double shift) {
  detail::check_defined("affine", x, "input");
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), unary)(UnaryOp::Affine, x.numel(), x.data<T>(),
                                                  out.data<T>(), T(scale), T(shift));
  });
  return record("affine", out, {x},
                [scale](const Tensor& g, Grads& gr) { gr.add(0, affine(g, scale, 0.0)); });
}

Tensor neg(const Tensor& x) { return affine(x, -1.0, 0.0); }

}  // namespace simrec::nn
