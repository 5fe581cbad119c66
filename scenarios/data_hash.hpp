#pragma once
// FNV-1a (64-bit) over the bytes of the data a seed's variants share: the run file's data_hash,
// which proves that paired variants saw the same data. Byte order is the machine's (the project
// builds for little-endian x86-64 / aarch64); add_u64 always feeds 8 little-endian bytes.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace simrec::scenarios {

struct Fnv1a {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add_byte(unsigned char b) { h = (h ^ b) * 0x100000001b3ull; }
  template <class T>
  void add(const std::vector<T>& v) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(v.data());
    for (std::size_t i = 0; i < v.size() * sizeof(T); ++i) add_byte(bytes[i]);
  }
  void add_u64(std::uint64_t v) {
    for (int b = 0; b < 8; ++b) add_byte(static_cast<unsigned char>(v >> (8 * b)));
  }
};

}  // namespace simrec::scenarios
