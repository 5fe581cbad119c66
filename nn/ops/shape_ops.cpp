#include "nn/ops/shape_ops.hpp"

#include <array>
#include <numeric>

#include "nn/ops/broadcast_layout.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reshape.hpp"

namespace simrec::nn {

namespace {

// dst[.., dst_off + j, ..] (=|+=) src[.., src_off + j, ..] for j < len along `axis`; src and dst
// agree on every other dim.
void copy_window(const Tensor& src, int axis, std::int64_t src_off, const Tensor& dst,
                 std::int64_t dst_off, std::int64_t len, bool accumulate) {
  const Shape& s = src.shape();
  detail::dispatch(src.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(src), copy_axis)(
        s.prod(0, axis), s.prod(axis + 1, s.rank()), len, src.data<T>(), s[axis], src_off,
        dst.data<T>(), dst.shape()[axis], dst_off, accumulate);
  });
}

Shape with_dim(Shape s, int axis, std::int64_t d) {
  s[axis] = d;
  return s;
}

}  // namespace

Tensor permute(const Tensor& x, std::vector<int> perm) {
  detail::check_defined("permute", x, "input");
  const int r = x.rank();
  if (int(perm.size()) != r)
    fail("permute", "permutation of ", perm.size(), " axes for ", describe(x));
  std::vector<bool> seen(r, false);
  for (int& p : perm) {
    p = x.shape().axis(p, "permute");
    if (seen[p]) fail("permute", "axis ", p, " repeated in the permutation for ", describe(x));
    seen[p] = true;
  }
  Shape out_shape;
  for (int p : perm) out_shape.push_back(x.shape()[p]);
  Tensor y = Tensor::empty(out_shape, x.dtype());
  const auto dims = detail::padded_dims(x.shape());
  std::array<int, 4> p4{0, 1, 2, 3};
  for (int k = 0; k < r; ++k) p4[4 - r + k] = 4 - r + perm[k];
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), permute)(dims.data(), p4.data(), x.data<T>(),
                                                    y.data<T>());
  });
  std::vector<int> inverse(r);
  for (int k = 0; k < r; ++k) inverse[perm[k]] = k;
  return record("permute", y, {x},
                [inverse](const Tensor& g, Grads& gr) { gr.add(0, permute(g, inverse)); });
}

Tensor transpose(const Tensor& x, int a, int b) {
  detail::check_defined("transpose", x, "input");
  a = x.shape().axis(a, "transpose");
  b = x.shape().axis(b, "transpose");
  std::vector<int> perm(x.rank());
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[a], perm[b]);
  return permute(x, perm);
}

Tensor slice(const Tensor& x, int axis, std::int64_t start, std::int64_t length) {
  detail::check_defined("slice", x, "input");
  axis = x.shape().axis(axis, "slice");
  const std::int64_t n = x.shape()[axis];
  if (start < 0 || length < 0 || start + length > n)
    fail("slice", "window [", start, ", ", start + length, ") is outside axis ", axis, " of ",
         describe(x));
  Tensor y = Tensor::empty(with_dim(x.shape(), axis, length), x.dtype());
  copy_window(x, axis, start, y, 0, length, false);
  return record("slice", y, {x}, [axis, start, length, n](const Tensor& g, Grads& gr) {
    gr.add(0, pad(g, axis, start, n - start - length));
  });
}

Tensor pad(const Tensor& x, int axis, std::int64_t before, std::int64_t after) {
  detail::check_defined("pad", x, "input");
  axis = x.shape().axis(axis, "pad");
  if (before < 0 || after < 0)
    fail("pad", "negative padding (", before, ", ", after, ") for ", describe(x));
  const std::int64_t n = x.shape()[axis];
  Tensor y = Tensor::zeros(with_dim(x.shape(), axis, before + n + after), x.dtype());
  copy_window(x, axis, 0, y, before, n, true);
  return record("pad", y, {x},
                [axis, before, n](const Tensor& g, Grads& gr) { gr.add(0, slice(g, axis, before, n)); });
}

Tensor concat(const std::vector<Tensor>& xs, int axis) {
  if (xs.empty()) fail("concat", "no tensors to concatenate");
  for (const Tensor& x : xs) detail::check_defined("concat", x, "input");
  const Tensor& first = xs[0];
  axis = first.shape().axis(axis, "concat");
  std::int64_t total = 0;
  for (const Tensor& x : xs) {
    detail::check_same_dtype("concat", first, x);
    bool ok = x.rank() == first.rank();
    for (int k = 0; ok && k < x.rank(); ++k) ok = k == axis || x.shape()[k] == first.shape()[k];
    if (!ok)
      fail("concat", "cannot join ", describe(x), " with ", describe(first), " along axis ", axis);
    total += x.shape()[axis];
  }
  Tensor y = Tensor::empty(with_dim(first.shape(), axis, total), first.dtype());
  std::vector<std::int64_t> offsets, lengths;
  std::int64_t off = 0;
  for (const Tensor& x : xs) {
    copy_window(x, axis, 0, y, off, x.shape()[axis], false);
    offsets.push_back(off);
    lengths.push_back(x.shape()[axis]);
    off += x.shape()[axis];
  }
  return record("concat", y, xs, [axis, offsets, lengths](const Tensor& g, Grads& gr) {
    for (std::size_t i = 0; i < offsets.size(); ++i)
      if (gr.needs(int(i))) gr.add(int(i), slice(g, axis, offsets[i], lengths[i]));
  });
}

std::vector<Tensor> split(const Tensor& x, int axis, const std::vector<std::int64_t>& sizes) {
  detail::check_defined("split", x, "input");
  axis = x.shape().axis(axis, "split");
  std::int64_t total = 0;
  for (std::int64_t s : sizes) {
    if (s < 0) fail("split", "negative size ", s, " splitting ", describe(x));
    total += s;
  }
  if (total != x.shape()[axis])
    fail("split", "sizes sum to ", total, " but axis ", axis, " of ", describe(x), " has ",
         x.shape()[axis]);
  std::vector<Tensor> parts;
  std::int64_t start = 0;
  for (std::int64_t s : sizes) {
    parts.push_back(slice(x, axis, start, s));
    start += s;
  }
  return parts;
}

Tensor unsqueeze(const Tensor& x, int axis) {
  detail::check_defined("unsqueeze", x, "input");
  const int r = x.rank();
  if (axis < -(r + 1) || axis > r)
    fail("unsqueeze", "axis ", axis, " out of range for ", describe(x));
  if (r == Shape::kMaxRank) fail("unsqueeze", "cannot add a dim to 4-D ", describe(x));
  if (axis < 0) axis += r + 1;
  Shape s;
  for (int k = 0; k < r; ++k) {
    if (k == axis) s.push_back(1);
    s.push_back(x.shape()[k]);
  }
  if (axis == r) s.push_back(1);
  return reshape(x, s);
}

Tensor squeeze(const Tensor& x, int axis) {
  detail::check_defined("squeeze", x, "input");
  axis = x.shape().axis(axis, "squeeze");
  if (x.shape()[axis] != 1)
    fail("squeeze", "axis ", axis, " of ", describe(x), " has size ", x.shape()[axis], ", not 1");
  Shape s;
  for (int k = 0; k < x.rank(); ++k)
    if (k != axis) s.push_back(x.shape()[k]);
  return reshape(x, s);
}

}  // namespace simrec::nn
