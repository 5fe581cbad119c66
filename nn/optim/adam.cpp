#include "nn/optim/adam.hpp"

#include <cmath>

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Adam::Adam(std::vector<NamedTensor> params, AdamOptions options)
    : Adam("Adam", std::move(params), options, false) {}

Adam::Adam(std::string kind, std::vector<NamedTensor> params, AdamOptions o, bool decoupled)
    : Optimizer(std::move(kind), std::move(params), o.lr), options_(o), decoupled_(decoupled) {
  check_option(o.beta1 >= 0 && o.beta1 < 1, "beta1", o.beta1, "in [0, 1)");
  check_option(o.beta2 >= 0 && o.beta2 < 1, "beta2", o.beta2, "in [0, 1)");
  check_option(std::isfinite(o.eps) && o.eps >= 0, "eps", o.eps, ">= 0");
  check_option(std::isfinite(o.weight_decay) && o.weight_decay >= 0, "weight_decay",
               o.weight_decay, ">= 0");
  m_slot_ = add_buffer("exp_avg", 0.0);
  v_slot_ = add_buffer("exp_avg_sq", 0.0);
}

AdamW::AdamW(std::vector<NamedTensor> params, AdamWOptions o)
    : Adam("AdamW", std::move(params),
           AdamOptions{o.lr, o.beta1, o.beta2, o.eps, o.weight_decay}, true) {}

void Adam::update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                        std::int64_t g_offset, bool) {
  const Tensor& p = params()[i].value;
  const double t = double(param_step(i));
  const double bias_c1 = 1.0 - std::pow(options_.beta1, t);
  const double bias_c2 = 1.0 - std::pow(options_.beta2, t);
  detail::dispatch(p.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(p), adam_update)(
        n, p.data<T>() + offset, g.data<T>() + g_offset, buffer(m_slot_, i).data<T>() + offset,
        buffer(v_slot_, i).data<T>() + offset, T(lr()), T(options_.beta1), T(options_.beta2),
        T(options_.eps), T(options_.weight_decay), decoupled_, T(bias_c1), T(bias_c2));
  });
}

}  // namespace simrec::nn
