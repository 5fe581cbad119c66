#include "nn/ops/reduce.hpp"

#include <algorithm>

#include "nn/ops/broadcast_layout.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::nn {

namespace {

// Sum over one axis keeping it as size 1 (no autodiff; used by the recorded ops below).
Tensor sum_one_axis(const Tensor& x, int axis) {
  const Shape& s = x.shape();
  Shape out_shape = s;
  out_shape[axis] = 1;
  Tensor out = Tensor::empty(out_shape, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), sum_axis)(s.prod(0, axis), s[axis],
                                                     s.prod(axis + 1, s.rank()), x.data<T>(),
                                                     out.data<T>());
  });
  return out;
}

std::vector<int> normalise_axes(const Tensor& x, std::vector<int> axes, const char* op) {
  for (int& a : axes) a = x.shape().axis(a, op);
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    fail(op, "repeated axis for shape ", x.shape().str());
  return axes;
}

}  // namespace

Tensor sum(const Tensor& x, std::vector<int> axes, bool keepdim) {
  detail::check_defined("sum", x, "input");
  axes = normalise_axes(x, std::move(axes), "sum");
  Tensor cur = x.detach();
  for (auto it = axes.rbegin(); it != axes.rend(); ++it) cur = sum_one_axis(cur, *it);
  Shape out_shape;
  for (int i = 0; i < x.rank(); ++i) {
    const bool reduced = std::binary_search(axes.begin(), axes.end(), i);
    if (!reduced) out_shape.push_back(x.shape()[i]);
    else if (keepdim) out_shape.push_back(1);
  }
  Tensor out = cur.detach();
  out.impl()->shape = out_shape;
  Shape kept = x.shape();
  for (int a : axes) kept[a] = 1;
  return record("sum", out, {x}, [xs = x.shape(), kept](const Tensor& g, Grads& gr) {
    gr.add(0, broadcast_to(reshape(g, kept), xs));
  });
}

Tensor mean(const Tensor& x, std::vector<int> axes, bool keepdim) {
  detail::check_defined("mean", x, "input");
  std::int64_t n = 1;
  for (int a : normalise_axes(x, axes, "mean")) n *= x.shape()[a];
  return affine(sum(x, std::move(axes), keepdim), 1.0 / double(n), 0.0);
}

Tensor sum_all(const Tensor& x) {
  detail::check_defined("sum_all", x, "input");
  return reshape(sum(reshape(x, {x.numel()}), {0}), Shape{});
}

Tensor mean_all(const Tensor& x) { return affine(sum_all(x), 1.0 / double(x.numel()), 0.0); }

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  detail::check_defined("broadcast_to", x, "input");
  if (x.shape() == shape) return x;
  if (broadcast_shapes(x.shape(), shape, "broadcast_to") != shape)
    fail("broadcast_to", "cannot broadcast ", describe(x), " to ", shape.str());
  // out = x + 0 with x read through broadcast strides.
  const Tensor zero = Tensor::zeros(Shape{}, x.dtype());
  Tensor out = Tensor::empty(shape, x.dtype());
  const auto d = detail::padded_dims(shape);
  const auto xs = detail::broadcast_strides(x.shape(), shape);
  const std::array<i64, 4> zs{0, 0, 0, 0};
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), binary)(BinaryOp::Add, d.data(), x.data<T>(), xs.data(),
                                                   zero.data<T>(), zs.data(), out.data<T>());
  });
  return record("broadcast_to", out, {x},
                [xs = x.shape()](const Tensor& g, Grads& gr) { gr.add(0, sum_to(g, xs)); });
}

Tensor sum_to(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  const int lead = g.rank() - shape.rank();
  if (lead < 0) fail("sum_to", "cannot reduce ", describe(g), " to ", shape.str());
  std::vector<int> axes;
  for (int i = 0; i < g.rank(); ++i) {
    if (i < lead) {
      axes.push_back(i);
    } else if (shape[i - lead] == 1 && g.shape()[i] != 1) {
      axes.push_back(i);
    } else if (shape[i - lead] != g.shape()[i]) {
      fail("sum_to", "cannot reduce ", describe(g), " to ", shape.str());
    }
  }
  return reshape(sum(g, axes, true), shape);
}

}  // namespace simrec::nn
