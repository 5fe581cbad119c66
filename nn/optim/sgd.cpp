#include "nn/optim/sgd.hpp"

#include <cmath>

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

SGD::SGD(std::vector<NamedTensor> params, SGDOptions o)
    : Optimizer("SGD", std::move(params), o.lr), options_(o) {
  check_option(std::isfinite(o.momentum) && o.momentum >= 0, "momentum", o.momentum, ">= 0");
  check_option(std::isfinite(o.dampening) && o.dampening >= 0 && o.dampening <= 1, "dampening",
               o.dampening, "in [0, 1]");
  check_option(std::isfinite(o.weight_decay) && o.weight_decay >= 0, "weight_decay",
               o.weight_decay, ">= 0");
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
    fail("SGD", "nesterov needs momentum > 0 and dampening = 0, got momentum = ", o.momentum,
         ", dampening = ", o.dampening);
  if (o.momentum != 0) momentum_slot_ = add_buffer("momentum_buffer", 0.0);
}

void SGD::update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                       std::int64_t g_offset, bool sparse) {
  const Tensor& p = params()[i].value;
  detail::dispatch(p.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* buf = momentum_slot_ >= 0 ? buffer(momentum_slot_, i).data<T>() + offset : nullptr;
    const bool first = !sparse && param_step(i) == 1;
    SIMREC_KERNEL(detail::table_for<T>(p), sgd_update)(
        n, p.data<T>() + offset, g.data<T>() + g_offset, buf, T(lr()), T(options_.momentum),
        T(options_.dampening), T(options_.weight_decay), options_.nesterov, first);
  });
}

}  // namespace simrec::nn
