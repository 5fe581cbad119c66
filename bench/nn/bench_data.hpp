#pragma once
// Seeded inputs shared by the engine benchmarks (values never affect what is timed, only the
// shapes do; the PyTorch side, bench/torch_compare.py, draws its own with the same shapes).
#include <cstdint>
#include <vector>

#include "nn/core/tensor.hpp"
#include "sim/random/philox.hpp"

namespace simrec::bench {

// f32 tensor with entries uniform in (lo, hi), from stream "bench" under seed.
inline nn::Tensor uniform(const nn::Shape& s, std::uint64_t seed, float lo = -1, float hi = 1) {
  nn::Tensor t = nn::Tensor::empty(s, nn::DType::F32);
  float* p = t.data<float>();
  const auto key = random::stream_key(seed, "bench");
  for (std::int64_t i = 0; i < t.numel(); ++i)
    p[i] = lo + (hi - lo) * random::uniform_at(key, 0, i);
  return t;
}

// n ids uniform in [0, vocabulary).
inline std::vector<std::int64_t> uniform_ids(std::int64_t n, std::int64_t vocabulary,
                                             std::uint64_t seed) {
  random::Rng rng(seed, "bench/ids", 0);
  std::vector<std::int64_t> ids(n);
  for (auto& id : ids) id = std::int64_t(rng.below(std::uint64_t(vocabulary)));
  return ids;
}

}  // namespace simrec::bench
