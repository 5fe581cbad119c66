// embedding_bag (declared in nn/ops/indexing.hpp, where its formulas are).
#include <memory>

#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/op_common.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/row_gradient.hpp"

namespace simrec::nn {

namespace {

void check_bag_args(const Tensor& table, const std::vector<std::int64_t>& ids,
                    const std::vector<std::int64_t>& offsets, BagMode mode, const Tensor& w) {
  const char* op = "embedding_bag";
  detail::check_defined(op, table, "table");
  detail::check_rank(op, table, 2, "table");
  const std::int64_t n = std::int64_t(ids.size());
  if (offsets.empty() || offsets.front() != 0)
    fail(op, "offsets must have n_bags + 1 entries starting at 0 (got ", offsets.size(),
         " entries", offsets.empty() ? "" : ", first " + std::to_string(offsets.front()),
         ") for table ", describe(table));
  for (std::size_t b = 1; b < offsets.size(); ++b)
    if (offsets[b] < offsets[b - 1])
      fail(op, "offsets must be non-decreasing: offsets[", b, "] = ", offsets[b], " < offsets[",
           b - 1, "] = ", offsets[b - 1]);
  if (offsets.back() != n)
    fail(op, "last offset ", offsets.back(), " must equal the number of ids ", n,
         " (offsets has n_bags + 1 entries)");
  if (!w.defined()) return;
  if (mode == BagMode::Max)
    fail(op, "per-id weights are only defined for sum and mean bags, not max");
  detail::check_same_dtype(op, table, w);
  if (w.rank() != 1 || w.shape()[0] != n)
    fail(op, "per-id weights ", describe(w), " must be [", n, "] (one per id)");
}

// [n] tensor: 1 / len of the bag holding each position (for Mean's weight gradient).
Tensor inverse_bag_lengths(const std::vector<std::int64_t>& offsets, std::int64_t n, DType dtype) {
  std::vector<double> v(n);
  for (std::size_t b = 0; b + 1 < offsets.size(); ++b)
    for (std::int64_t p = offsets[b]; p < offsets[b + 1]; ++p)
      v[p] = 1.0 / double(offsets[b + 1] - offsets[b]);
  return Tensor::from(Shape{n}, v).to(dtype);
}

std::vector<std::int64_t> bag_of_positions(const std::vector<std::int64_t>& offsets) {
  std::vector<std::int64_t> bag(offsets.back());
  for (std::size_t b = 0; b + 1 < offsets.size(); ++b)
    for (std::int64_t p = offsets[b]; p < offsets[b + 1]; ++p) bag[p] = std::int64_t(b);
  return bag;
}

struct BagSaved {
  std::vector<std::int64_t> ids, offsets, argmax;
};

}  // namespace

Tensor embedding_bag(const Tensor& table, const std::vector<std::int64_t>& ids,
                     const std::vector<std::int64_t>& offsets, BagMode mode,
                     const Tensor& per_id_weights) {
  check_bag_args(table, ids, offsets, mode, per_id_weights);
  const Tensor& w = per_id_weights;
  const std::int64_t R = table.shape()[0], W = table.shape()[1];
  const std::int64_t n_bags = std::int64_t(offsets.size()) - 1;
  auto saved = std::make_shared<BagSaved>(BagSaved{ids, offsets, {}});
  if (mode == BagMode::Max) saved->argmax.resize(n_bags * W);
  Tensor out = Tensor::empty(Shape{n_bags, W}, table.dtype());
  detail::dispatch(table.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(table), embedding_bag)(
        mode, n_bags, offsets.data(), ids.data(), w.defined() ? w.data<T>() : nullptr, W,
        table.data<T>(), R, out.data<T>(), saved->argmax.data());
  });
  std::vector<Tensor> inputs{table};
  if (w.defined()) inputs.push_back(w);
  const bool sparse = detail::wants_sparse_rows(table);
  return record("embedding_bag", out, inputs,
                [mode, sparse, saved, t = table.detach(), wd = w.defined() ? w.detach() : Tensor()](
                    const Tensor& g, Grads& gr) {
    const std::int64_t n = std::int64_t(saved->ids.size()), W = t.shape()[1];
    const std::vector<std::int64_t> bag = bag_of_positions(saved->offsets);
    if (gr.needs(0)) {
      // Fused: per table row, the sum of its positions' gradient rows (coalesced when sparse).
      const std::int64_t R = t.shape()[0];
      const detail::RowGroups groups = detail::group_by_row(saved->ids, R, !sparse);
      const std::int64_t n_rows = sparse ? std::int64_t(groups.rows.size()) : R;
      Tensor drows = Tensor::empty(Shape{n_rows, W}, g.dtype());
      detail::dispatch(g.dtype(), [&](auto tag) {
        using T = decltype(tag);
        SIMREC_KERNEL(detail::table_for<T>(g), embedding_bag_backward_rows)(
            mode, std::int64_t(saved->offsets.size()) - 1, saved->offsets.data(), bag.data(),
            n_rows, groups.start.data(), groups.pos.data(), wd.defined() ? wd.data<T>() : nullptr,
            W, g.data<T>(), saved->argmax.data(), drows.data<T>());
      });
      if (!sparse) gr.add(0, drows);
      else if (n_rows > 0) gr.add_sparse(0, groups.rows, drows);
    }
    if (wd.defined() && gr.needs(1)) {
      // dw_p = <g[bag(p)], table[ids[p]]> (/ len for Mean); OOV rows are zero.
      Tensor rows = embedding(t, saved->ids);
      Tensor dw = sum(mul(rows, index_select(g, bag)), {1});
      if (mode == BagMode::Mean) dw = mul(dw, inverse_bag_lengths(saved->offsets, n, g.dtype()));
      gr.add(1, dw);
    }
  });
}

}  // namespace simrec::nn
