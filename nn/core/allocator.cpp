#include "nn/core/allocator.hpp"

#include <bit>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "nn/core/error.hpp"

namespace simrec::nn {

namespace {

std::size_t read_cache_limit() {
  const char* env = std::getenv("SIMREC_ALLOC_CACHE_MB");
  if (env == nullptr || *env == '\0') return std::size_t(4) << 30;
  std::size_t mb = 0;
  const char* end = env + std::strlen(env);
  const auto [ptr, ec] = std::from_chars(env, end, mb);
  if (ec != std::errc() || ptr != end || mb > (std::size_t(1) << 30))
    fail("SIMREC_ALLOC_CACHE_MB", "'", env, "' is not a whole number of MiB in [0, 2^30]");
  return mb << 20;
}

struct HostCache {
  std::mutex mutex;
  std::map<std::size_t, std::vector<void*>> free_lists;  // size class -> blocks
  HostCacheStats stats;
  std::size_t limit = read_cache_limit();

  ~HostCache() { release(); }
  void release() {
    for (auto& [size, blocks] : free_lists)
      for (void* p : blocks) std::free(p);
    free_lists.clear();
    stats.cached_bytes = 0;
    stats.cached_blocks = 0;
  }
};

HostCache& cache() {
  static HostCache c;
  return c;
}

void* aligned_or_null(std::size_t bytes) { return std::aligned_alloc(64, bytes); }

}  // namespace

std::size_t host_block_size(std::size_t bytes) {
  const std::size_t rounded = bytes == 0 ? 64 : (bytes + 63) / 64 * 64;
  if (rounded < kCachedMinBytes) return rounded;
  // 8 classes per power of two: step = 2^(floor(log2(bytes)) - 3).
  const std::size_t step = std::bit_floor(rounded) >> 3;
  return (rounded + step - 1) / step * step;
}

std::size_t host_cache_limit() { return cache().limit; }

void* allocate_host(std::size_t bytes) {
  const std::size_t size = host_block_size(bytes);
  if (size < kCachedMinBytes) {
    void* p = aligned_or_null(size);
    if (p == nullptr) fail("Storage", "out of memory allocating ", bytes, " bytes");
    return p;
  }
  HostCache& c = cache();
  {
    const std::lock_guard lock(c.mutex);
    auto it = c.free_lists.find(size);
    if (it != c.free_lists.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.stats.cached_bytes -= size;
      --c.stats.cached_blocks;
      ++c.stats.hits;
      return p;
    }
    ++c.stats.misses;
  }
  void* p = aligned_or_null(size);
  if (p == nullptr) {
    release_cached_host_memory();
    p = aligned_or_null(size);
  }
  if (p == nullptr) fail("Storage", "out of memory allocating ", bytes, " bytes");
  return p;
}

void deallocate_host(void* ptr, std::size_t bytes) {
  if (ptr == nullptr) return;
  const std::size_t size = host_block_size(bytes);
  if (size >= kCachedMinBytes) {
    HostCache& c = cache();
    const std::lock_guard lock(c.mutex);
    if (c.stats.cached_bytes + size <= c.limit) {
      c.free_lists[size].push_back(ptr);
      c.stats.cached_bytes += size;
      ++c.stats.cached_blocks;
      return;
    }
  }
  std::free(ptr);
}

HostCacheStats host_cache_stats() {
  HostCache& c = cache();
  const std::lock_guard lock(c.mutex);
  return c.stats;
}

void release_cached_host_memory() {
  HostCache& c = cache();
  const std::lock_guard lock(c.mutex);
  c.release();
}

}  // namespace simrec::nn
