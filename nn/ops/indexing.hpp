#pragma once
// Indexing ops: row lookups into tables, embedding bags, per-row column gather, top-k.
// Shape letters: R rows of a table (vocabulary size), W row width, n number of ids.
//
// index_select(table [R, W], ids) -> [n, W]          out[k] = table[ids[k]]
//   Every id must lie in [0, R), else nn::Error naming the op, the id, its position and R.
//   dtable[r] = sum over k with ids[k] = r of g[k]
// embedding(table [R, W], ids, shape) -> shape + [W] out[..k..] = table[ids[k]] (ids row-major
//   in `shape`; rank(shape) <= 3). Out-of-vocabulary id (negative or >= R) -> zero vector, and
//   that position sends no gradient anywhere (SPEC §2) — unlike index_select, which throws.
//   dtable as for index_select, over in-vocabulary positions only.
// Both hand the table a row-sparse gradient (only the touched rows) when it is a leaf with
// set_sparse_grad(true) at forward time, otherwise a dense one.
//
// embedding_bag(table [R, W], ids [n], offsets [n_bags + 1], mode, w [n] optional) -> [n_bags, W]
//   Bag b covers ids[offsets[b] .. offsets[b + 1]); len_b = offsets[b + 1] - offsets[b].
//   Offsets convention: n_bags + 1 entries, offsets[0] = 0, non-decreasing, last = n (PyTorch's
//   include_last_offset=True); anything else throws. Bags may be empty.
//   Sum:  out[b] = sum_p w_p table[ids[p]]              (w_p = 1 without weights)
//   Mean: out[b] = (sum_p w_p table[ids[p]]) / len_b     (empty bag -> zeros)
//   Max:  out[b, c] = max_p table[ids[p], c]            (empty bag -> zeros; no weights allowed)
//   OOV id -> its row is a zero vector: it adds nothing to Sum, still counts in Mean's len_b, and
//   competes with value 0 in Max. (PyTorch rejects out-of-range ids, and its padding_idx differs:
//   those entries are dropped from the bag entirely, neither counting for Mean nor taking part in
//   Max.) Max with NaN inputs: a NaN wins its column only as the bag's first candidate.
//   dtable[ids[p]] += g[b] * w_p (Sum), g[b] * w_p / len_b (Mean); Max routes g[b, c] to the
//   single position p* = argmax (ties -> the first position in the bag; gradient checks must use
//   tie-free inputs, hence no repeated id within a Max bag). OOV positions send nothing.
//   dw_p = <g[b], table[ids[p]]> (Sum), / len_b (Mean); 0 for an OOV id. Row-sparse table
//   gradient as above, but already coalesced: one row per distinct in-vocabulary id of the call
//   (in Max mode an id that won no column still appears, with a zero row).
// gather(x [R, C], idx [R, K] row-major, K) -> [R, K]  out[r, j] = x[r, idx[r, j]]
//   (torch.gather along the last axis). idx.size() must be R * K and every index in [0, C).
//   dx[r, idx[r, j]] += g[r, j]
// topk(x [R, C], k) -> {values [R, k], indices [R * k] row-major}: per row the k largest values,
//   descending; equal values -> lower column first; NaN ranks above everything (as PyTorch).
//   No gradient (values do not require grad). k must be in [0, C].

#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"
#include "nn/kernels/kernel_table.hpp"

namespace simrec::nn {

Tensor index_select(const Tensor& table, const std::vector<std::int64_t>& ids);
Tensor embedding(const Tensor& table, const std::vector<std::int64_t>& ids, const Shape& shape);
// ids laid out as [n].
Tensor embedding(const Tensor& table, const std::vector<std::int64_t>& ids);
Tensor embedding_bag(const Tensor& table, const std::vector<std::int64_t>& ids,
                     const std::vector<std::int64_t>& offsets, BagMode mode,
                     const Tensor& per_id_weights = Tensor());
Tensor gather(const Tensor& x, const std::vector<std::int64_t>& idx, std::int64_t k);

// scatter_add(x [R, C], idx [R, K] row-major, src [R, K]) -> [R, C]
//   out = x; out[r, idx[r, j]] += src[r, j] for j ascending   (torch.scatter_add along the last
//   axis, out of place). dx = g, dsrc[r, j] = g[r, idx[r, j]]. Repeated indices in a row
//   accumulate. A sparse additive bias on a wide matrix (e.g. a copy bias on a few vocabulary
//   entries per row of LM logits) without a dense [R, C] mask: one copy of x plus K adds per row.
//   idx.size() must be R * K, every index in [0, C), src of x's dtype.
Tensor scatter_add(const Tensor& x, const std::vector<std::int64_t>& idx, const Tensor& src);

struct TopK {
  Tensor values;                       // [R, k]
  std::vector<std::int64_t> indices;  // [R * k], row-major column indices
};
TopK topk(const Tensor& x, std::int64_t k);

}  // namespace simrec::nn
