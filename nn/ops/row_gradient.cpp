#include "nn/ops/row_gradient.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "nn/ops/op_common.hpp"

namespace simrec::nn::detail {

bool wants_sparse_rows(const Tensor& table) {
  return table.is_leaf() && table.impl()->sparse_grad;
}

void add_row_gradient(Grads& gr, int input, bool sparse, const Shape& table_shape,
                      const std::vector<std::int64_t>& ids, const Tensor& values) {
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
    Tensor v = values.clone();
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

RowGroups group_by_row(const std::vector<std::int64_t>& ids, std::int64_t R, bool all_rows) {
  const std::int64_t n = std::int64_t(ids.size());
  RowGroups g;
  if (all_rows || R <= 4 * n + 4096) {
    // Counting sort: O(n + R).
    std::vector<std::int64_t> start(R + 1, 0);
    for (std::int64_t id : ids)
      if (id >= 0 && id < R) ++start[id + 1];
    for (std::int64_t r = 0; r < R; ++r) start[r + 1] += start[r];
    g.pos.resize(start[R]);
    std::vector<std::int64_t> next(start.begin(), start.end() - 1);
    for (std::int64_t k = 0; k < n; ++k)
      if (ids[k] >= 0 && ids[k] < R) g.pos[next[ids[k]]++] = k;
    if (all_rows) {
      g.start = std::move(start);
      return g;
    }
    g.start.push_back(0);
    for (std::int64_t r = 0; r < R; ++r) {
      if (start[r + 1] == start[r]) continue;
      g.rows.push_back(r);
      g.start.push_back(start[r + 1]);
    }
    return g;
  }
  // A vocabulary much larger than the id list: sort (id, position) pairs instead.
  std::vector<std::pair<std::int64_t, std::int64_t>> keyed;
  keyed.reserve(ids.size());
  for (std::int64_t k = 0; k < n; ++k)
    if (ids[k] >= 0 && ids[k] < R) keyed.emplace_back(ids[k], k);
  std::sort(keyed.begin(), keyed.end());
  g.start.push_back(0);
  for (std::size_t q = 0; q < keyed.size(); ++q) {
    g.pos.push_back(keyed[q].second);
    if (q + 1 == keyed.size() || keyed[q + 1].first != keyed[q].first) {
      g.rows.push_back(keyed[q].first);
      g.start.push_back(std::int64_t(q) + 1);
    }
  }
  return g;
}

}  // namespace simrec::nn::detail
