#pragma once
// Minimal .npy (NumPy format 1.0) reader/writer for exchanging arrays with the PyTorch
// cross-check scripts: little-endian float32, float64 and int64, C order.

#include <cstdint>
#include <string>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::testing {

void write_npy(const std::string& path, const nn::Tensor& t);
void write_npy_i64(const std::string& path, const std::vector<std::int64_t>& values,
                   const std::vector<std::int64_t>& shape);
// Reads float32 or float64 arrays into a Tensor of the same dtype (rank 0-4).
nn::Tensor read_npy(const std::string& path);

}  // namespace simrec::testing
