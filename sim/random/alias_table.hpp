#pragma once
// Walker's alias method (Vose's stable construction): O(n) build, O(1) draws from a discrete
// distribution with weights w_i >= 0. Column i keeps itself with probability prob[i] and otherwise
// yields alias[i]; a draw picks a column uniformly and flips that column's coin.
//
// Storage is 8 bytes per entry (float prob, uint32 alias). The free functions build into caller
// storage so many small tables (one per sub-genre per day) can share one buffer; AliasTable owns
// its storage. Construction is deterministic: the small / large work lists are processed in index
// order, so the same weights always give the same table on every machine and thread count.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/random/philox.hpp"

namespace simrec::random {

// Builds the table for `weights` into prob / alias (same length). Returns the weight sum; when it
// is 0 the table is left all-zero and must not be sampled.
double alias_build(std::span<const double> weights, std::span<float> prob, std::span<std::uint32_t> alias);

// One draw from a built table of size n = prob.size() > 0, from a single 64-bit word x: the
// column is the high word of the 128-bit product x * n, and the coin is its low word, which for a
// uniform x is uniform on [0, 1) at resolution n / 2^64 within every column.
inline std::uint32_t alias_sample(std::span<const float> prob, std::span<const std::uint32_t> alias, Rng& rng) {
  const unsigned __int128 m = static_cast<unsigned __int128>(rng.next_u64()) * prob.size();
  const auto column = std::uint32_t(m >> 64);
  const double coin = double(std::uint64_t(m)) * 5.421010862427522e-20;  // 2^-64
  return coin < double(prob[column]) ? column : alias[column];
}

class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(std::span<const double> weights);

  std::uint32_t sample(Rng& rng) const { return alias_sample(prob_, alias_, rng); }
  std::size_t size() const { return prob_.size(); }
  double total_weight() const { return total_; }
  bool empty() const { return total_ <= 0; }
  std::size_t memory_bytes() const { return prob_.capacity() * sizeof(float) + alias_.capacity() * sizeof(std::uint32_t); }

 private:
  std::vector<float> prob_;
  std::vector<std::uint32_t> alias_;
  double total_ = 0;
};

}  // namespace simrec::random
