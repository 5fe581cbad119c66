#include "nn/losses/mse.hpp"

#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Tensor mse(const Tensor& pred, const Tensor& target, Reduction reduction) {
  detail::check_defined("mse", pred, "prediction");
  detail::check_defined("mse", target, "target");
  detail::check_same_dtype("mse", pred, target);
  if (pred.shape() != target.shape())
    fail("mse", "prediction ", describe(pred), " and target ", describe(target),
         " must have the same shape");
  const Tensor diff = sub(pred, target);
  return reduce_loss(mul(diff, diff), reduction);
}

}  // namespace simrec::nn
