#pragma once
// Checkpoint files: named tensors (module parameters, optimizer state) in one simple binary
// format, written atomically and verified on read.
//
// Format, version 1 (every integer little-endian):
//   magic      8 bytes   "SIMRECCK"
//   version    u32       1
//   kind       u32 length + bytes   what the file holds: "module", "optimizer/Adam", ...
//   count      u64       number of tensors
//   count records, each:
//     name     u32 length + bytes (UTF-8)
//     dtype    u8        0 = float32, 1 = float64
//     rank     u8        0..4
//     dims     rank x i64
//     data     numel x (4 or 8) bytes, row-major IEEE-754, little-endian
//   checksum   u64       checksum64 of every preceding byte (see below)
//
// checksum64: h = 0xcbf29ce484222325; for each 8-byte little-endian word w of the input (the last
// word zero-padded): h = (h ^ w) * 0x100000001b3; h ^= h >> 32; finally h ^= byte length. Every
// step is a bijection of h, so any single corrupted word is detected.
//
// Writing goes to "<path>.tmp.<pid>", is flushed to disk, then renamed over path: a reader sees
// the old file or the new one, never a half-written one. Reading checks magic, version, size and
// checksum; every error names the file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

struct NamedTensor {
  std::string name;
  Tensor value;
};

struct Checkpoint {
  std::string kind;
  std::vector<NamedTensor> tensors;  // in file order
};

inline constexpr std::uint32_t kCheckpointVersion = 1;

// Writes tensors (unique names, CPU, any dtype/shape) under `kind`.
void save_checkpoint(const std::string& path, std::string_view kind,
                     const std::vector<NamedTensor>& tensors);

// Reads and verifies a whole checkpoint.
Checkpoint read_checkpoint(const std::string& path);

// Reads path and copies each stored tensor into the destination of the same name. The file's
// kind must equal `kind`, and its names must be exactly the destinations' names (order free),
// each with the same dtype and shape; otherwise nothing is modified and the error names the file
// and the first mismatching tensor.
void load_checkpoint(const std::string& path, std::string_view kind,
                     const std::vector<NamedTensor>& into);

std::uint64_t checksum64(const void* data, std::size_t bytes);

}  // namespace simrec::nn
