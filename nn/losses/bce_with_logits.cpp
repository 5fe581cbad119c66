#include "nn/losses/bce_with_logits.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"

namespace simrec::nn {

namespace {

// Unweighted per-element term on the fused kernels.
Tensor bce_terms(const Tensor& z, const Tensor& y) {
  Tensor loss = Tensor::empty(z.shape(), z.dtype());
  detail::dispatch(z.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(z), bce_logits)(z.numel(), z.data<T>(), y.data<T>(),
                                                       loss.data<T>());
  });
  return record("bce_with_logits", loss, {z, y},
                [z = z.detach(), y = y.detach()](const Tensor& g, Grads& gr) {
    Tensor dz = gr.needs(0) ? Tensor::empty(z.shape(), z.dtype()) : Tensor();
    Tensor dy = gr.needs(1) ? Tensor::empty(z.shape(), z.dtype()) : Tensor();
    detail::dispatch(z.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(z), bce_logits_backward)(
          z.numel(), z.data<T>(), y.data<T>(), g.data<T>(), dz.defined() ? dz.data<T>() : nullptr,
          dy.defined() ? dy.data<T>() : nullptr);
    });
    if (dz.defined()) gr.add(0, dz);
    if (dy.defined()) gr.add(1, dy);
  });
}

}  // namespace

Tensor bce_with_logits(const Tensor& logits, const Tensor& targets, const Tensor& weights,
                       Reduction reduction) {
  const char* op = "bce_with_logits";
  detail::check_defined(op, logits, "logits");
  detail::check_defined(op, targets, "targets");
  detail::check_same_dtype(op, logits, targets);
  if (logits.shape() != targets.shape())
    fail(op, "logits ", describe(logits), " and targets ", describe(targets),
         " must have the same shape");
  Tensor loss = bce_terms(logits, targets);
  if (weights.defined()) {
    detail::check_same_dtype(op, logits, weights);
    if (broadcast_shapes(weights.shape(), logits.shape(), op) != logits.shape())
      fail(op, "weights ", describe(weights), " do not broadcast to logits ", describe(logits));
    loss = mul(loss, weights);
  }
  return reduce_loss(loss, reduction);
}

}  // namespace simrec::nn
