#include "nn/ops/row_gradient.hpp"

#include <cstring>

#include "nn/ops/op_common.hpp"

namespace simrec::nn::detail {

bool wants_sparse_rows(const Tensor& table) {
  return table.is_leaf() && table.impl()->sparse_grad;
}

void add_row_gradient(Grads& gr, int input, bool sparse, const Shape& table_shape,
                      const std::vector<std::int64_t>& ids, const Tensor& values, bool fresh) {
  if (!gr.needs(input)) return;
  const std::int64_t R = table_shape[0], W = table_shape[1];
  const std::int64_t n = std::int64_t(ids.size());
  if (!sparse) {
    Tensor dense = Tensor::zeros(table_shape, values.dtype());
    dispatch(values.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(table_for<T>(values), scatter_add_rows)(n, ids.data(), W, values.data<T>(),
                                                           dense.data<T>(), R);
    });
    gr.add(input, dense);
    return;
  }
  std::vector<std::int64_t> rows;
  rows.reserve(ids.size());
  for (std::int64_t id : ids)
    if (id >= 0 && id < R) rows.push_back(id);
  if (rows.empty()) return;
  if (std::int64_t(rows.size()) == n) {
    Tensor v = fresh ? values.detach() : values.clone();
    v.impl()->shape = Shape{n, W};
    gr.add_sparse(input, std::move(rows), v);
    return;
  }
  // Keep only the in-range positions' rows.
  Tensor kept = Tensor::empty(Shape{std::int64_t(rows.size()), W}, values.dtype());
  const std::size_t row_bytes = W * dtype_size(values.dtype());
  const char* src = static_cast<const char*>(values.raw());
  char* dst = static_cast<char*>(kept.raw());
  for (std::int64_t k = 0; k < n; ++k) {
    if (ids[k] < 0 || ids[k] >= R) continue;
    std::memcpy(dst, src + k * row_bytes, row_bytes);
    dst += row_bytes;
  }
  gr.add_sparse(input, std::move(rows), kept);
}

}  // namespace simrec::nn::detail
