#pragma once
// Exact top-k retrieval by dot product (SPEC §6 serving, §8 "exact top-N"): for query q with user
// vector u_q and every item j of the table [V, D] (optional bias c [V]),
//   score(q, j) = <u_q, v_j> + c_j,
// computed for a block of queries at a time with one GEMM (nn::matmul_t: [B, D] x [V, D]^T), the
// query's excluded items set to -inf, then a per-row partial sort (nn::topk: highest first, ties
// by the lower item index). Excluded items never appear, so a list is shorter than k only when
// fewer than k items are eligible. The block size keeps the score buffer near 16 MB whatever V.
// Deterministic and thread-count independent (both ops are).

#include <cstdint>
#include <functional>
#include <span>

#include "algorithms/algorithm.hpp"
#include "nn/core/tensor.hpp"

namespace simrec::algorithms {

// The user vectors of queries [first, first + count) as a float32 tensor [count, D].
using UserVectorBlock = std::function<nn::Tensor(std::size_t first, std::size_t count)>;

// The items a query must not be recommended (sorted ascending, ids outside [0, V) ignored).
using ExcludedItems = std::function<std::vector<std::int64_t>(std::size_t query)>;

// Appends one ranked list per query to `out` (cleared first). `bias` may be undefined.
void dot_product_top_k(const UserVectorBlock& users, std::size_t num_queries, const nn::Tensor& items,
                       const nn::Tensor& bias, int k, const ExcludedItems& excluded, RankedLists& out);

// ExcludedItems of "the query's watch history" when `exclude_history`, else nothing.
ExcludedItems history_exclusion(const datasets::RetrievalSamples& queries, bool exclude_history);

}  // namespace simrec::algorithms
