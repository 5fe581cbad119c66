#pragma once
// Philox4x32-10 counter-based random number generator (Salmon et al., "Parallel random numbers:
// as easy as 1, 2, 3", SC'11). A pure function of (counter[4], key[2]) -> 4 x uint32: the value
// drawn for entity or event i depends only on (seed, stream, i, draw), never on thread count,
// chunking or call order. This is the only source of randomness in simrec.
//
// Streams: a stream is named by a string ("users/interest", "nn/dropout"); its 64-bit key is a
// mix of the run seed and the FNV-1a hash of the name. Counter words 0-1 hold the entity index,
// words 2-3 the block counter within that entity's stream.

#include <array>
#include <cstdint>
#include <string_view>

namespace simrec::random {

using Counter = std::array<std::uint32_t, 4>;
using Key = std::array<std::uint32_t, 2>;

inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;  // golden ratio
inline constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;  // sqrt(3) - 1

// One Philox4x32 block with `rounds` rounds (10 is the published default).
constexpr Counter philox4x32(Counter c, Key k, int rounds = 10) {
  for (int r = 0; r < rounds; ++r) {
    if (r > 0) {
      k[0] += kPhiloxW0;
      k[1] += kPhiloxW1;
    }
    const std::uint64_t p0 = std::uint64_t(kPhiloxM0) * c[0];
    const std::uint64_t p1 = std::uint64_t(kPhiloxM1) * c[2];
    const std::uint32_t hi0 = std::uint32_t(p0 >> 32), lo0 = std::uint32_t(p0);
    const std::uint32_t hi1 = std::uint32_t(p1 >> 32), lo1 = std::uint32_t(p1);
    c = Counter{hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
  }
  return c;
}

// FNV-1a, 64-bit: stable across platforms and compilers (std::hash is not).
constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 0x100000001b3ull;
  }
  return h;
}

// SplitMix64 finaliser: a bijective mix so nearby seeds give unrelated keys.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The key of stream `name` under run seed `seed`.
constexpr Key stream_key(std::uint64_t seed, std::string_view name) {
  const std::uint64_t k = mix64(seed ^ mix64(fnv1a64(name)));
  return Key{std::uint32_t(k), std::uint32_t(k >> 32)};
}

// Block `block` of entity `index` in the stream with key `key`.
constexpr Counter philox_block(Key key, std::uint64_t index, std::uint64_t block) {
  return philox4x32(Counter{std::uint32_t(index), std::uint32_t(index >> 32), std::uint32_t(block),
                            std::uint32_t(block >> 32)},
                    key);
}

// Uniform double in (0, 1) from 64 random bits: 53-bit mantissa, never exactly 0 or 1.
constexpr double u64_to_open01(std::uint64_t bits) {
  return (double(bits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

// Uniform float in (0, 1) from 32 random bits (24-bit mantissa), never exactly 0 or 1.
constexpr float u32_to_open01f(std::uint32_t bits) {
  return (float(bits >> 8) + 0.5f) * (1.0f / 16777216.0f);
}

// The i-th uniform float of an indexed sequence: element i of entity `index` in stream `key`.
// Used by element-wise random kernels (dropout) so any parallel split draws the same numbers.
constexpr float uniform_at(Key key, std::uint64_t index, std::uint64_t i) {
  const Counter c = philox_block(key, index, i >> 2);
  return u32_to_open01f(c[i & 3]);
}

// Sequential draws for one entity: a small value type, cheap to create per entity or event.
// Holds no global state; two Rngs with the same (key, index) produce the same sequence.
class Rng {
 public:
  constexpr Rng(Key key, std::uint64_t index) : key_(key), index_(index) {}
  Rng(std::uint64_t seed, std::string_view stream, std::uint64_t index)
      : key_(stream_key(seed, stream)), index_(index) {}

  constexpr std::uint32_t next_u32() {
    if (pos_ == 4) {
      buf_ = philox_block(key_, index_, block_++);
      pos_ = 0;
    }
    return buf_[pos_++];
  }
  constexpr std::uint64_t next_u64() {
    const std::uint64_t lo = next_u32();
    return lo | (std::uint64_t(next_u32()) << 32);
  }
  // Uniform in (0, 1).
  constexpr double uniform() { return u64_to_open01(next_u64()); }
  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift with rejection: unbiased).
  std::uint64_t below(std::uint64_t n);

  constexpr Key key() const { return key_; }
  constexpr std::uint64_t index() const { return index_; }

 private:
  Key key_;
  std::uint64_t index_;
  std::uint64_t block_ = 0;
  Counter buf_{};
  int pos_ = 4;
};

inline std::uint64_t Rng::below(std::uint64_t n) {
  // 128-bit product; reject the small biased region.
  for (;;) {
    const std::uint64_t x = next_u64();
    const unsigned __int128 m = (unsigned __int128)x * n;
    const std::uint64_t low = std::uint64_t(m);
    if (low >= n) return std::uint64_t(m >> 64);
    const std::uint64_t threshold = (0 - n) % n;
    if (low >= threshold) return std::uint64_t(m >> 64);
  }
}

}  // namespace simrec::random
