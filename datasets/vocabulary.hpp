#pragma once
// Vocabulary: the top-N keys by training count get dense indices 0..N-1 (count descending, ties by
// key ascending, so the order is deterministic); every other key maps to the out-of-vocabulary
// bucket oov_index() = N, which the engine's embeddings map to a zero vector (SPEC §2, §6: "top-N
// vocabulary, the rest -> zero embedding"). Keys are video / channel ids (uint32) or search
// tokens and bigrams (uint64: unigram w -> w, bigram (a, b) -> bigram_key(a, b)).

#include <algorithm>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace simrec::datasets {

inline constexpr std::uint64_t kBigramFlag = 1ull << 63;
inline std::uint64_t bigram_key(std::uint32_t a, std::uint32_t b) { return kBigramFlag | (std::uint64_t(a) << 32) | b; }

template <class Key>
class Vocabulary {
 public:
  Vocabulary() = default;

  // counts: (key, count) pairs, any order, keys unique; max_size 0 keeps every key with count > 0.
  static Vocabulary build(std::vector<std::pair<Key, std::uint64_t>> counts, std::size_t max_size) {
    std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
      return a.second > b.second || (a.second == b.second && a.first < b.first);
    });
    Vocabulary v;
    for (const auto& [key, count] : counts) {
      if (count == 0 || (max_size > 0 && v.keys_.size() >= max_size)) break;
      v.add(key, count);
    }
    return v;
  }
  // Restores a vocabulary from its stored keys and counts (HDF5 cache).
  static Vocabulary from_keys(std::vector<Key> keys, std::vector<std::uint64_t> counts) {
    Vocabulary v;
    for (std::size_t i = 0; i < keys.size(); ++i) v.add(keys[i], counts[i]);
    return v;
  }

  std::uint32_t index(Key key) const {
    const auto it = index_.find(key);
    return it == index_.end() ? oov_index() : it->second;
  }
  bool contains(Key key) const { return index_.count(key) > 0; }
  std::uint32_t oov_index() const { return std::uint32_t(keys_.size()); }
  std::size_t size() const { return keys_.size(); }
  // Number of embedding rows a model needs: size() + 1 (the OOV bucket).
  std::size_t num_buckets() const { return keys_.size() + 1; }
  std::span<const Key> keys() const { return keys_; }
  std::span<const std::uint64_t> counts() const { return counts_; }

 private:
  void add(Key key, std::uint64_t count) {
    index_.emplace(key, std::uint32_t(keys_.size()));
    keys_.push_back(key);
    counts_.push_back(count);
  }
  std::vector<Key> keys_;
  std::vector<std::uint64_t> counts_;
  std::unordered_map<Key, std::uint32_t> index_;  // lookups only; never iterated
};

}  // namespace simrec::datasets
