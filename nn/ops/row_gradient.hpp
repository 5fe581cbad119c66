#pragma once
// Internal: how the row-lookup ops (index_select, embedding, embedding_bag) hand a table its
// gradient. Position k contributes values[k, :] to row ids[k]; positions whose id lies outside
// [0, R) contribute nothing. A table that is a leaf with set_sparse_grad(true) (decided when the
// forward ran) receives the row-sparse form (rows = the in-range ids, repeats kept: the engine
// coalesces them); any other table receives the dense [R, W] sum built with scatter_add_rows.

#include <cstdint>
#include <vector>

#include "nn/core/autograd.hpp"

namespace simrec::nn::detail {

// Whether lookups into `table` should emit row-sparse gradients.
bool wants_sparse_rows(const Tensor& table);

// values: [ids.size(), W]. fresh: values is a buffer owned by the caller alone (then the sparse
// form may keep it without copying).
void add_row_gradient(Grads& gr, int input, bool sparse, const Shape& table_shape,
                      const std::vector<std::int64_t>& ids, const Tensor& values, bool fresh);

}  // namespace simrec::nn::detail
