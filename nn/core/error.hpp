#pragma once
// Errors raised at the engine's API edge (bad shapes, ids out of range, misuse of autodiff).
// Every message names the op and the shapes involved; internal invariants use assert instead.

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace simrec::nn {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

// Builds "op: part part part" from streamable parts.
template <class... Parts>
[[noreturn]] void fail(const char* op, Parts&&... parts) {
  std::ostringstream os;
  os << op << ": ";
  (os << ... << std::forward<Parts>(parts));
  throw Error(os.str());
}

}  // namespace simrec::nn
