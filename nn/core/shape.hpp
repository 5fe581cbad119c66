#pragma once
// Shape of a tensor: up to 4 dimensions, row-major, contiguous.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>

namespace simrec::nn {

class Shape {
 public:
  static constexpr int kMaxRank = 4;

  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims);
  template <class It>
  Shape(It first, It last) {
    for (; first != last; ++first) push_back(*first);
  }

  int rank() const { return rank_; }
  std::int64_t operator[](int i) const { return dims_[i]; }
  std::int64_t& operator[](int i) { return dims_[i]; }
  // Negative axes count from the end; throws naming `op` when out of range.
  int axis(int a, const char* op) const;
  std::int64_t numel() const;
  void push_back(std::int64_t d);
  const std::int64_t* begin() const { return dims_.data(); }
  const std::int64_t* end() const { return dims_.data() + rank_; }

  // Product of dims in [from, to).
  std::int64_t prod(int from, int to) const;
  std::string str() const;  // "[2, 3]"

  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }

 private:
  std::array<std::int64_t, kMaxRank> dims_{};
  int rank_ = 0;
};

std::ostream& operator<<(std::ostream& os, const Shape& s);

// Numpy-style broadcast of two shapes; throws naming `op` when incompatible.
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace simrec::nn
