#pragma once
// Internal: how the row-lookup ops (index_select, embedding, embedding_bag) hand a table its
// gradient. Position k contributes values[k, :] to row ids[k]; positions whose id lies outside
// [0, R) contribute nothing. A table that is a leaf with set_sparse_grad(true) (decided when the
// forward ran) receives the row-sparse form (rows = the in-range ids, repeats kept: the engine
// coalesces them); any other table receives the dense [R, W] sum built with scatter_add_rows.
// embedding_bag instead groups positions by row (group_by_row) for its fused backward kernel.

#include <cstdint>
#include <vector>

#include "nn/core/autograd.hpp"

namespace simrec::nn::detail {

// Whether lookups into `table` should emit row-sparse gradients.
bool wants_sparse_rows(const Tensor& table);

// values: [ids.size(), W] (any shape with that many elements); the sparse form keeps a copy.
void add_row_gradient(Grads& gr, int input, bool sparse, const Shape& table_shape,
                      const std::vector<std::int64_t>& ids, const Tensor& values);

// Positions grouped by the table row their id names (ids outside [0, R) dropped), positions
// increasing within a group; group k holds pos[start[k] .. start[k + 1]).
// all_rows: one group per table row (R groups, many possibly empty; rows left empty);
// otherwise one group per distinct in-range id, rows[k] its id, ascending.
struct RowGroups {
  std::vector<std::int64_t> rows, start, pos;
};
RowGroups group_by_row(const std::vector<std::int64_t>& ids, std::int64_t R, bool all_rows);

}  // namespace simrec::nn::detail
