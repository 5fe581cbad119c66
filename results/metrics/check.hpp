#pragma once
// Argument checks shared by the metric implementations.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace simrec::metrics::detail {

inline void check_same_length(const char* metric, std::size_t a, std::size_t b) {
  if (a != b)
    throw std::invalid_argument(std::string(metric) + ": inputs differ in length (" +
                                std::to_string(a) + " vs " + std::to_string(b) + ")");
}

inline void check_nonempty(const char* metric, std::size_t n) {
  if (n == 0) throw std::invalid_argument(std::string(metric) + ": no examples");
}

}  // namespace simrec::metrics::detail
