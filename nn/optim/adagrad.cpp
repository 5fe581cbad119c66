#include "nn/optim/adagrad.hpp"

#include <cmath>

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Adagrad::Adagrad(std::vector<NamedTensor> params, AdagradOptions o)
    : Optimizer("Adagrad", std::move(params), o.lr), options_(o) {
  check_option(std::isfinite(o.eps) && o.eps >= 0, "eps", o.eps, ">= 0");
  check_option(std::isfinite(o.weight_decay) && o.weight_decay >= 0, "weight_decay",
               o.weight_decay, ">= 0");
  check_option(std::isfinite(o.initial_accumulator_value) && o.initial_accumulator_value >= 0,
               "initial_accumulator_value", o.initial_accumulator_value, ">= 0");
  sum_slot_ = add_buffer("sum", o.initial_accumulator_value);
}

void Adagrad::update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                           std::int64_t g_offset, bool) {
  const Tensor& p = params()[i].value;
  detail::dispatch(p.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(p), adagrad_update)(
        n, p.data<T>() + offset, g.data<T>() + g_offset, buffer(sum_slot_, i).data<T>() + offset,
        T(lr()), T(options_.eps), T(options_.weight_decay));
  });
}

}  // namespace simrec::nn
