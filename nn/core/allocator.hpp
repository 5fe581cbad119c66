#pragma once
// Host memory for tensor storage: a caching allocator for large blocks.
//
// Why: a training step allocates and frees the same large buffers every step (activations,
// their gradients, the [tokens, vocabulary] logits of a language-model head). glibc serves
// blocks above its mmap threshold with a fresh mmap and returns them with munmap, so every step
// pays a page fault per 4 KiB page touched; in the title policy's SFT / DPO steps that was ~23%
// of the time, all in the kernel (bench/README.md, "Alignment"). This allocator keeps freed
// blocks of at least kCachedMinBytes in per-size-class free lists and hands them out again.
//
// Layout:
//   - requests below kCachedMinBytes go straight to aligned_alloc / free (glibc's bins serve
//     them without system calls);
//   - larger requests are rounded up to a size class: 8 classes per power of two (so at most
//     12.5% of a block is slack) and served from that class's free list, or by aligned_alloc
//     when the list is empty (after releasing the whole cache once if that fails);
//   - freed blocks return to their class's list while the cache holds at most cache_limit()
//     bytes (default 4 GiB, SIMREC_ALLOC_CACHE_MB overrides, 0 disables caching); beyond it they
//     are freed.
// All blocks are 64-byte aligned. Contents of a block are unspecified (a reused block holds the
// previous tensor's values, never zeros: callers that need zeros write them). Thread-safe (one
// mutex; only blocks >= kCachedMinBytes take it). Results never depend on which block is reused.

#include <cstddef>

namespace simrec::nn {

inline constexpr std::size_t kCachedMinBytes = std::size_t(1) << 18;  // 256 KiB

void* allocate_host(std::size_t bytes);
void deallocate_host(void* ptr, std::size_t bytes);

struct HostCacheStats {
  std::size_t cached_bytes = 0;  // held in free lists now
  std::size_t cached_blocks = 0;
  std::size_t hits = 0;    // large requests served from the cache
  std::size_t misses = 0;  // large requests served by aligned_alloc
};
HostCacheStats host_cache_stats();
// Frees every cached block (memory held by live tensors is untouched).
void release_cached_host_memory();
// The size class a request of `bytes` is served from (bytes itself, rounded to 64, below
// kCachedMinBytes).
std::size_t host_block_size(std::size_t bytes);
std::size_t host_cache_limit();

}  // namespace simrec::nn
