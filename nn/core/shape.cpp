#include "nn/core/shape.hpp"

#include <sstream>

#include "nn/core/error.hpp"

namespace simrec::nn {

Shape::Shape(std::initializer_list<std::int64_t> dims) {
  for (auto d : dims) push_back(d);
}

void Shape::push_back(std::int64_t d) {
  if (rank_ == kMaxRank) fail("Shape", "more than ", kMaxRank, " dimensions");
  if (d < 0) fail("Shape", "negative dimension ", d);
  dims_[rank_++] = d;
}

int Shape::axis(int a, const char* op) const {
  const int r = a < 0 ? a + rank_ : a;
  if (r < 0 || r >= rank_) fail(op, "axis ", a, " out of range for shape ", str());
  return r;
}

std::int64_t Shape::numel() const { return prod(0, rank_); }

std::int64_t Shape::prod(int from, int to) const {
  std::int64_t n = 1;
  for (int i = from; i < to; ++i) n *= dims_[i];
  return n;
}

std::string Shape::str() const {
  std::ostringstream os;
  os << '[';
  for (int i = 0; i < rank_; ++i) os << (i ? ", " : "") << dims_[i];
  os << ']';
  return os.str();
}

bool Shape::operator==(const Shape& o) const {
  if (rank_ != o.rank_) return false;
  for (int i = 0; i < rank_; ++i)
    if (dims_[i] != o.dims_[i]) return false;
  return true;
}

std::ostream& operator<<(std::ostream& os, const Shape& s) { return os << s.str(); }

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  const int r = a.rank() > b.rank() ? a.rank() : b.rank();
  Shape out;
  for (int i = 0; i < r; ++i) {
    const int ia = i - (r - a.rank()), ib = i - (r - b.rank());
    const std::int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1)
      fail(op, "shapes ", a.str(), " and ", b.str(), " do not broadcast (dim ", i, ": ", da, " vs ",
           db, ")");
    out.push_back(da == 1 ? db : da);
  }
  return out;
}

}  // namespace simrec::nn
