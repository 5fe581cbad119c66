#include "nn/ops/indexing.hpp"

#include <memory>

#include "nn/ops/op_common.hpp"
#include "nn/ops/row_gradient.hpp"

namespace simrec::nn {

namespace {

// out (shape out_shape, numel n * W) = rows of table at ids; ids outside [0, R) give zeros.
// Gradient: rows of g back to the table (out-of-range positions dropped).
Tensor lookup_rows(const char* op, const Tensor& table, const std::vector<std::int64_t>& ids,
                   const Shape& out_shape) {
  const std::int64_t R = table.shape()[0], W = table.shape()[1];
  const std::int64_t n = std::int64_t(ids.size());
  Tensor out = Tensor::empty(out_shape, table.dtype());
  detail::dispatch(table.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(table), gather_rows)(n, ids.data(), W, table.data<T>(), R,
                                                           out.data<T>());
  });
  const bool sparse = detail::wants_sparse_rows(table);
  auto saved = std::make_shared<const std::vector<std::int64_t>>(ids);
  return record(op, out, {table}, [sparse, ts = table.shape(), saved](const Tensor& g, Grads& gr) {
    detail::add_row_gradient(gr, 0, sparse, ts, *saved, g);
  });
}

void check_table(const char* op, const Tensor& table) {
  detail::check_defined(op, table, "table");
  detail::check_rank(op, table, 2, "table");
}

}  // namespace

Tensor index_select(const Tensor& table, const std::vector<std::int64_t>& ids) {
  check_table("index_select", table);
  const std::int64_t R = table.shape()[0];
  for (std::size_t k = 0; k < ids.size(); ++k)
    if (ids[k] < 0 || ids[k] >= R)
      fail("index_select", "id ", ids[k], " at position ", k, " is outside [0, ", R,
           ") for table ", describe(table));
  return lookup_rows("index_select", table, ids,
                     Shape{std::int64_t(ids.size()), table.shape()[1]});
}

Tensor embedding(const Tensor& table, const std::vector<std::int64_t>& ids, const Shape& shape) {
  check_table("embedding", table);
  if (shape.rank() > 3)
    fail("embedding", "id layout ", shape.str(), " has rank > 3 (the output adds a dim)");
  if (shape.numel() != std::int64_t(ids.size()))
    fail("embedding", ids.size(), " ids do not fill the layout ", shape.str(), " for table ",
         describe(table));
  Shape out_shape = shape;
  out_shape.push_back(table.shape()[1]);
  return lookup_rows("embedding", table, ids, out_shape);
}

Tensor embedding(const Tensor& table, const std::vector<std::int64_t>& ids) {
  return embedding(table, ids, Shape{std::int64_t(ids.size())});
}

Tensor gather(const Tensor& x, const std::vector<std::int64_t>& idx, std::int64_t k) {
  detail::check_defined("gather", x, "input");
  detail::check_rank("gather", x, 2, "input");
  const std::int64_t R = x.shape()[0], C = x.shape()[1];
  if (k < 0 || std::int64_t(idx.size()) != R * k)
    fail("gather", idx.size(), " indices do not form [", R, ", ", k, "] for input ", describe(x));
  for (std::size_t p = 0; p < idx.size(); ++p)
    if (idx[p] < 0 || idx[p] >= C)
      fail("gather", "index ", idx[p], " at [", std::int64_t(p) / k, ", ", std::int64_t(p) % k,
           "] is outside [0, ", C, ") for input ", describe(x));
  Tensor out = Tensor::empty(Shape{R, k}, x.dtype());
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), gather_cols)(R, C, k, idx.data(), x.data<T>(),
                                                       out.data<T>());
  });
  auto saved = std::make_shared<const std::vector<std::int64_t>>(idx);
  return record("gather", out, {x}, [saved, xs = x.shape(), k](const Tensor& g, Grads& gr) {
    Tensor dx = Tensor::zeros(xs, g.dtype());
    detail::dispatch(g.dtype(), [&](auto tag) {
      using T = decltype(tag);
      SIMREC_KERNEL(detail::table_for<T>(g), scatter_add_cols)(xs[0], xs[1], k, saved->data(),
                                                              g.data<T>(), dx.data<T>());
    });
    gr.add(0, dx);
  });
}

Tensor scatter_add(const Tensor& x, const std::vector<std::int64_t>& idx, const Tensor& src) {
  const char* op = "scatter_add";
  detail::check_defined(op, x, "input");
  detail::check_defined(op, src, "src");
  detail::check_rank(op, x, 2, "input");
  detail::check_rank(op, src, 2, "src [R, K]");
  detail::check_same_dtype(op, x, src);
  const std::int64_t R = x.shape()[0], C = x.shape()[1], k = src.shape()[1];
  if (src.shape()[0] != R || std::int64_t(idx.size()) != R * k)
    fail(op, idx.size(), " indices and src ", describe(src), " do not both form [", R, ", K] for input ", describe(x));
  for (std::size_t p = 0; p < idx.size(); ++p)
    if (idx[p] < 0 || idx[p] >= C)
      fail(op, "index ", idx[p], " at [", std::int64_t(p) / k, ", ", std::int64_t(p) % k, "] is outside [0, ", C,
           ") for input ", describe(x));
  Tensor out = x.detach().clone();
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), scatter_add_cols)(R, C, k, idx.data(), src.data<T>(), out.data<T>());
  });
  auto saved = std::make_shared<const std::vector<std::int64_t>>(idx);
  return record(op, out, {x, src}, [saved, R, C, k](const Tensor& g, Grads& gr) {
    if (gr.needs(0)) gr.add(0, g);
    if (gr.needs(1)) {
      Tensor ds = Tensor::empty(Shape{R, k}, g.dtype());
      detail::dispatch(g.dtype(), [&](auto tag) {
        using T = decltype(tag);
        SIMREC_KERNEL(detail::table_for<T>(g), gather_cols)(R, C, k, saved->data(), g.data<T>(), ds.data<T>());
      });
      gr.add(1, ds);
    }
  });
}

TopK topk(const Tensor& x, std::int64_t k) {
  detail::check_defined("topk", x, "input");
  detail::check_rank("topk", x, 2, "input");
  const std::int64_t R = x.shape()[0], C = x.shape()[1];
  if (k < 0 || k > C) fail("topk", "k = ", k, " is outside [0, C = ", C, "] for ", describe(x));
  TopK result{Tensor::empty(Shape{R, k}, x.dtype()), std::vector<std::int64_t>(R * k)};
  detail::dispatch(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    SIMREC_KERNEL(detail::table_for<T>(x), topk)(R, C, k, x.data<T>(), result.values.data<T>(),
                                                result.indices.data());
  });
  return result;
}

}  // namespace simrec::nn
