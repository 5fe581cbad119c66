#pragma once
// A small open-addressing hash map from uint32 keys to a value type, for per-user counters
// (watches per channel, impressions per video). Linear probing, power-of-two capacity, kept at
// most half full; clear() keeps the storage so a per-thread map is reused across users without
// allocating. Only lookups feed the simulation: the map is never iterated, so its layout cannot
// change results.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace simrec::sim {

template <class Value>
class FlatMap {
 public:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

  // Value for key, or `fallback` when absent.
  Value get(std::uint32_t key, Value fallback = Value{}) const {
    if (keys_.empty()) return fallback;
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == kEmpty) return fallback;
    }
  }
  // Reference to the value for key, inserting `initial` when absent.
  Value& at(std::uint32_t key, Value initial = Value{}) {
    if ((size_ + 1) * 2 > keys_.size()) grow();
    for (std::size_t i = slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == kEmpty) {
        keys_[i] = key;
        values_[i] = initial;
        ++size_;
        return values_[i];
      }
    }
  }
  void clear() {
    if (size_ == 0) return;
    std::fill(keys_.begin(), keys_.end(), kEmpty);
    size_ = 0;
  }
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return keys_.capacity() * sizeof(std::uint32_t) + values_.capacity() * sizeof(Value); }

 private:
  std::size_t slot(std::uint32_t key) const { return (std::uint64_t(key) * 0x9E3779B97F4A7C15ull >> 32) & mask_; }
  void grow() {
    std::vector<std::uint32_t> old_keys = std::move(keys_);
    std::vector<Value> old_values = std::move(values_);
    const std::size_t cap = old_keys.empty() ? 64 : old_keys.size() * 2;
    keys_.assign(cap, kEmpty);
    values_.assign(cap, Value{});
    mask_ = cap - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != kEmpty) at(old_keys[i]) = old_values[i];
  }

  std::vector<std::uint32_t> keys_;
  std::vector<Value> values_;
  std::size_t mask_ = 0, size_ = 0;
};

}  // namespace simrec::sim
