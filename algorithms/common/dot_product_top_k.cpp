#include "algorithms/common/dot_product_top_k.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "algorithms/common/top_k.hpp"
#include "nn/core/autograd.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"

namespace simrec::algorithms {

namespace {
// 16 MB of scores per block: small enough for malloc to reuse the buffer between blocks (a fresh
// 64 MB mmap per block spent ~15% of serving time in page faults), large enough for an efficient GEMM.
constexpr std::size_t kScoreBufferFloats = std::size_t(4) << 20;
constexpr std::size_t kMaxBlockQueries = 1024;
}  // namespace

void dot_product_top_k(const UserVectorBlock& users, std::size_t num_queries, const nn::Tensor& items,
                       const nn::Tensor& bias, int k, const ExcludedItems& excluded, RankedLists& out) {
  out.clear();
  if (k <= 0) throw std::invalid_argument("dot_product_top_k: k = " + std::to_string(k) + " must be positive");
  if (items.rank() != 2) throw std::invalid_argument("dot_product_top_k: item table must be [V, D], got " + nn::describe(items));
  const std::size_t V = std::size_t(items.dim(0));
  if (V == 0) {
    out.offsets.assign(num_queries + 1, 0);
    return;
  }
  nn::NoGradGuard no_grad;
  const std::size_t block = std::clamp<std::size_t>(kScoreBufferFloats / V, 1, kMaxBlockQueries);
  const float lowest = -std::numeric_limits<float>::infinity();
  for (std::size_t first = 0; first < num_queries; first += block) {
    const std::size_t count = std::min(block, num_queries - first);
    nn::Tensor u = users(first, count);
    if (u.rank() != 2 || std::size_t(u.dim(0)) != count || u.dim(1) != items.dim(1))
      throw std::logic_error("dot_product_top_k: user block " + nn::describe(u) + " does not match " +
                             std::to_string(count) + " queries x item width " + std::to_string(items.dim(1)));
    nn::Tensor scores = nn::matmul_t(u, items);
    if (bias.defined()) scores = nn::add(scores, bias);
    float* s = scores.data<float>();
    for (std::size_t q = 0; q < count; ++q)
      for (std::int64_t j : excluded(first + q))
        if (j >= 0 && std::size_t(j) < V) s[q * V + std::size_t(j)] = lowest;
    const std::int64_t kk = std::int64_t(std::min<std::size_t>(V, std::size_t(k)));
    const nn::TopK top = nn::topk(scores, kk);
    const float* values = top.values.data<float>();
    for (std::size_t q = 0; q < count; ++q) {
      for (std::int64_t j = 0; j < kk; ++j)
        if (values[q * kk + j] != lowest) out.items.push_back(top.indices[q * kk + j]);
      out.offsets.push_back(std::int64_t(out.items.size()));
    }
  }
}

ExcludedItems history_exclusion(const datasets::RetrievalSamples& queries, bool exclude_history) {
  if (!exclude_history) return [](std::size_t) { return std::vector<std::int64_t>{}; };
  return [&queries](std::size_t q) { return sorted_unique(queries.history_of(q)); };
}

}  // namespace simrec::algorithms
