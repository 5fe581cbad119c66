#include "nn/ops/reshape.hpp"

#include "nn/ops/op_common.hpp"

namespace simrec::nn {

Tensor reshape(const Tensor& x, Shape shape) {
  detail::check_defined("reshape", x, "input");
  if (shape.numel() != x.numel())
    fail("reshape", "cannot reshape ", describe(x), " (", x.numel(), " elements) to ", shape.str());
  Tensor out = x.detach();
  out.impl()->shape = shape;
  return record("reshape", out, {x},
                [xs = x.shape()](const Tensor& g, Grads& gr) { gr.add(0, reshape(g, xs)); });
}

Tensor reshape(const Tensor& x, std::initializer_list<std::int64_t> dims) {
  detail::check_defined("reshape", x, "input");
  std::int64_t known = 1;
  int infer = -1, i = 0;
  for (auto d : dims) {
    if (d == -1) {
      if (infer >= 0) fail("reshape", "more than one -1 in the target shape");
      infer = i;
    } else if (d < 0) {
      fail("reshape", "invalid dimension ", d);
    } else {
      known *= d;
    }
    ++i;
  }
  Shape shape;
  for (auto d : dims) {
    if (d != -1) {
      shape.push_back(d);
    } else {
      if (known == 0 || x.numel() % known != 0)
        fail("reshape", "cannot infer -1 reshaping ", describe(x));
      shape.push_back(x.numel() / known);
    }
  }
  return reshape(x, shape);
}

}  // namespace simrec::nn
