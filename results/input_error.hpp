#pragma once
// Bad input to compare / gate / report (runs of different scenarios, no common seeds, an unknown
// metric or variant, a malformed --tolerance): the commands print the message and exit with
// code 2, writing nothing (SPEC §9). Messages name the files, variants and metrics involved and
// the allowed values.

#include <stdexcept>
#include <string>

namespace simrec::results {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace simrec::results
