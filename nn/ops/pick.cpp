#include "nn/ops/pick.hpp"

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Tensor pick(const Tensor& x, const std::vector<std::int64_t>& labels) {
  detail::check_defined("pick", x, "input");
  detail::check_rank("pick", x, 2, "input");
  const i64 B = x.shape()[0], C = x.shape()[1];
  if (i64(labels.size()) != B)
    fail("pick", labels.size(), " labels for input ", describe(x), " (need one per row)");
  for (i64 b = 0; b < B; ++b)
    if (labels[b] < 0 || labels[b] >= C)
      fail("pick", "label ", labels[b], " of row ", b, " is outside [0, C = ", C, ") for input ",
           describe(x));
  Tensor out = Tensor::empty(Shape{B}, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), pick)(B, C, labels.data(), x.data<T>(), out.data<T>());
  });
  return record("pick", out, {x}, [labels, xs = x.shape()](const Tensor& g, Grads& gr) {
    Tensor dx = Tensor::empty(xs, g.dtype());
    detail::dispatch(g.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(g), pick_backward)(xs[0], xs[1], labels.data(),
                                                            g.data<T>(), dx.data<T>());
    });
    gr.add(0, dx);
  });
}

}  // namespace simrec::nn
