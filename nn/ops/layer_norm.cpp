#include "nn/ops/layer_norm.hpp"

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, double eps) {
  const char* op = "layer_norm";
  detail::check_defined(op, x, "input");
  detail::check_defined(op, gamma, "gamma");
  detail::check_defined(op, beta, "beta");
  detail::check_same_dtype(op, x, gamma);
  detail::check_same_dtype(op, x, beta);
  if (x.rank() < 1) fail(op, "input must have at least one axis, got ", describe(x));
  const i64 C = x.shape()[x.rank() - 1], R = x.numel() / (C == 0 ? 1 : C);
  if (gamma.shape() != Shape{C} || beta.shape() != Shape{C})
    fail(op, "gamma and beta must be [", C, "] to match input ", describe(x), ", got gamma ",
         describe(gamma), " and beta ", describe(beta));
  if (!(eps > 0)) fail(op, "eps must be positive, got ", eps);
  Tensor y = Tensor::empty(x.shape(), x.dtype());
  Tensor mean = Tensor::empty(Shape{R}, x.dtype()), rstd = Tensor::empty(Shape{R}, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), layer_norm)(R, C, x.data<T>(), gamma.data<T>(),
                                                       beta.data<T>(), T(eps), y.data<T>(),
                                                       mean.data<T>(), rstd.data<T>());
  });
  return record(op, y, {x, gamma, beta},
                [R, C, x = x.detach(), gamma = gamma.detach(), mean, rstd](const Tensor& g,
                                                                           Grads& gr) {
    Tensor dx = gr.needs(0) ? Tensor::empty(x.shape(), x.dtype()) : Tensor();
    Tensor dgamma = gr.needs(1) ? Tensor::empty(gamma.shape(), x.dtype()) : Tensor();
    Tensor dbeta = gr.needs(2) ? Tensor::empty(gamma.shape(), x.dtype()) : Tensor();
    detail::dispatch(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      const auto ptr = [](const Tensor& t) { return t.defined() ? t.data<T>() : nullptr; };
      SIMREC_KERNEL(detail::table_for<T>(x), layer_norm_backward)(
          R, C, x.data<T>(), gamma.data<T>(), mean.data<T>(), rstd.data<T>(), g.data<T>(),
          ptr(dx), ptr(dgamma), ptr(dbeta));
    });
    if (dx.defined()) gr.add(0, dx);
    if (dgamma.defined()) gr.add(1, dgamma);
    if (dbeta.defined()) gr.add(2, dbeta);
  });
}

}  // namespace simrec::nn
