#pragma once
// Sparse per-(scenario i, scenario j) values of stage 1, ordered by (i, j) so that every walk over
// it is deterministic. Dense S x S storage would need S^2 cells (800 MB of doubles at 10k
// scenarios); a mini-batch only ever touches the pairs it contains.

#include <cstdint>
#include <map>
#include <vector>

namespace simrec::algorithms::adascene::aggregation {

class PairTable {
 public:
  struct Cell {
    double value = 0;  // running sum, or a learned logit
    double count = 0;  // observations summed into value
  };
  explicit PairTable(std::uint32_t num_scenarios = 0) : n_(num_scenarios) {}

  std::uint32_t num_scenarios() const { return n_; }
  Cell& at(std::uint32_t i, std::uint32_t j) { return cells_[key(i, j)]; }
  const Cell* find(std::uint32_t i, std::uint32_t j) const {
    const auto it = cells_.find(key(i, j));
    return it == cells_.end() ? nullptr : &it->second;
  }
  void add(std::uint32_t i, std::uint32_t j, double v) {
    Cell& c = at(i, j);
    c.value += v;
    c.count += 1;
  }
  std::size_t size() const { return cells_.size(); }
  // (i, j, cell) in ascending (i, j).
  template <class F>
  void for_each(F&& f) const {
    for (const auto& [k, c] : cells_) f(std::uint32_t(k / n_), std::uint32_t(k % n_), c);
  }

 private:
  std::uint64_t key(std::uint32_t i, std::uint32_t j) const { return std::uint64_t(i) * n_ + j; }
  std::uint32_t n_;
  std::map<std::uint64_t, Cell> cells_;
};

}  // namespace simrec::algorithms::adascene::aggregation
