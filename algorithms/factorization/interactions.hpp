#pragma once
// The implicit-feedback watch matrix R (users x videos) that the factorization baselines learn
// from, read off the training retrieval rows.
//
// A training row carries a label watch and the watches before it (or, under random hold-out
// labelling, the user's other training watches), capped at the dataset's max_history most recent.
// So that neither the cap nor the label protocol loses watches, the count of video i for user u is
//   r_ui = max over u's rows of (occurrences of i in the row's history + [label == i]),
// i.e. the most complete single view of u's watches of i any row gives. Out-of-vocabulary ids
// (>= num_items) are dropped. Users are the distinct user ids of the rows, ascending.
//
// The matrix is kept in both orientations (CSR by user and by item, columns ascending), which is
// what an alternating solver sweeps over.

#include <cstdint>
#include <span>
#include <vector>

#include "datasets/retrieval_samples.hpp"

namespace simrec::algorithms::factorization {

struct SparseCounts {
  std::vector<std::size_t> offsets{0};  // row r: entries [offsets[r], offsets[r + 1])
  std::vector<std::uint32_t> columns;   // ascending within a row
  std::vector<float> counts;            // r > 0

  std::size_t rows() const { return offsets.size() - 1; }
  std::size_t nnz() const { return columns.size(); }
  std::span<const std::uint32_t> columns_of(std::size_t r) const {
    return {columns.data() + offsets[r], columns.data() + offsets[r + 1]};
  }
  std::span<const float> counts_of(std::size_t r) const { return {counts.data() + offsets[r], counts.data() + offsets[r + 1]}; }
};

struct Interactions {
  std::vector<std::uint32_t> user_ids;  // dense user index -> raw user id, ascending
  std::size_t num_items = 0;
  SparseCounts by_user;  // [users, items]
  SparseCounts by_item;  // [items, users], the transpose

  // Dense index of a raw user id, or -1 when the user has no training row.
  std::int64_t user_index(std::uint32_t user_id) const;
};

Interactions build_interactions(const datasets::RetrievalSamples& rows, std::size_t num_items);

// (item, count) of one id list (a query's history), items ascending, ids >= num_items dropped.
void count_items(std::span<const std::uint32_t> ids, std::size_t num_items, std::vector<std::uint32_t>& items,
                 std::vector<float>& counts);

}  // namespace simrec::algorithms::factorization
