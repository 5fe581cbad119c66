// The caching host allocator (nn/core/allocator.hpp): size classes by hand, freed large blocks
// reused (the same address comes back, counted as a hit), small blocks never cached, alignment,
// release, and tensors built on reused blocks holding exactly what their constructors wrote.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>

#include "nn/core/allocator.hpp"
#include "support/nn_testing.hpp"

using namespace simrec;
using namespace simrec::nn;

TEST_CASE("host allocator: size classes are 8 per power of two above the caching threshold") {
  CHECK(host_block_size(0) == 64);
  CHECK(host_block_size(1) == 64);
  CHECK(host_block_size(65) == 128);
  CHECK(host_block_size(kCachedMinBytes - 64) == kCachedMinBytes - 64);
  // 256 KiB .. 512 KiB: step 32 KiB.
  CHECK(host_block_size(kCachedMinBytes) == kCachedMinBytes);
  CHECK(host_block_size(kCachedMinBytes + 1) == kCachedMinBytes + 32 * 1024);
  // 11,040,000 bytes (920 x 3000 floats): 8 MiB .. 16 MiB in 1 MiB steps -> 11 MiB.
  CHECK(host_block_size(11'040'000) == std::size_t(11) << 20);
  CHECK(host_block_size(std::size_t(16) << 20) == std::size_t(16) << 20);
  CHECK(host_block_size((std::size_t(16) << 20) + 1) == std::size_t(18) << 20);
  // Never more than 12.5% slack.
  for (std::size_t b = kCachedMinBytes; b < (std::size_t(64) << 20); b = b * 9 / 7 + 13)
    CHECK(double(host_block_size(b)) <= 1.125 * double(b) + 64);
}

TEST_CASE("host allocator: a freed large block is served again from the cache; small ones are not cached") {
  REQUIRE(host_cache_limit() > (std::size_t(64) << 20));  // default limit, not disabled
  release_cached_host_memory();
  const std::size_t bytes = 3'000'000;
  const HostCacheStats before = host_cache_stats();
  void* a = allocate_host(bytes);
  CHECK(reinterpret_cast<std::uintptr_t>(a) % 64 == 0);
  std::memset(a, 1, bytes);
  deallocate_host(a, bytes);
  const HostCacheStats held = host_cache_stats();
  CHECK(held.cached_blocks == before.cached_blocks + 1);
  CHECK(held.cached_bytes == before.cached_bytes + host_block_size(bytes));
  // A request in the same size class (not the same size) gets the same block back.
  void* b = allocate_host(bytes + 1000);
  CHECK(b == a);
  const HostCacheStats after = host_cache_stats();
  CHECK(after.hits == held.hits + 1);
  CHECK(after.cached_blocks == before.cached_blocks);
  // A request of another class misses.
  void* c = allocate_host(2 * bytes);
  CHECK(host_cache_stats().misses == after.misses + 1);
  deallocate_host(b, bytes + 1000);
  deallocate_host(c, 2 * bytes);
  CHECK(host_cache_stats().cached_blocks == before.cached_blocks + 2);
  release_cached_host_memory();
  CHECK(host_cache_stats().cached_blocks == 0);
  CHECK(host_cache_stats().cached_bytes == 0);

  // Below the threshold nothing is cached.
  void* s = allocate_host(1000);
  CHECK(reinterpret_cast<std::uintptr_t>(s) % 64 == 0);
  deallocate_host(s, 1000);
  CHECK(host_cache_stats().cached_blocks == 0);
}

TEST_CASE("host allocator: tensors on reused blocks hold what their constructors wrote") {
  release_cached_host_memory();
  const Shape shape{1000, 300};  // 1.2 MB: cached class
  {
    Tensor t = Tensor::full(shape, 7.0);
    CHECK(t.to_vector()[12345] == 7.0);
  }
  const std::size_t hits = host_cache_stats().hits;
  const Tensor z = Tensor::zeros(shape);
  CHECK(host_cache_stats().hits == hits + 1);  // the freed block of t
  for (double v : z.to_vector()) REQUIRE(v == 0.0);
  const Tensor y = z + 1.0;  // result on a fresh block
  CHECK(y.to_vector()[999] == 1.0);
}
