// Sparse embedding-bag training step (SPEC §8: >= 1.5x PyTorch at the same thread count):
// table 100k x 64 with row-sparse gradients, 4096 bags of 20 uniform ids, mean mode; forward,
// backward of sum(out), and a lazy sparse Adam step (torch.optim.SparseAdam semantics) over the
// touched rows. bench/torch_compare.py case "embedding_bag_step" is the same step with
// nn.EmbeddingBag(mode='mean', sparse=True) + SparseAdam.
#include <benchmark/benchmark.h>

#include "bench/nn/bench_data.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;

namespace {
constexpr std::int64_t kRows = 100000, kWidth = 64, kBags = 4096, kBagLength = 20;
}

static void BM_embedding_bag_step(benchmark::State& state) {
  Tensor table = uniform({kRows, kWidth}, 21);
  table.set_requires_grad(true).set_sparse_grad(true).set_name("table");
  Adam adam({NamedTensor{"table", table}}, AdamOptions{});
  const auto ids = simrec::bench::uniform_ids(kBags * kBagLength, kRows, 22);
  std::vector<std::int64_t> offsets(kBags + 1);
  for (std::int64_t b = 0; b <= kBags; ++b) offsets[b] = b * kBagLength;
  for (auto _ : state) {
    adam.zero_grad();
    Tensor loss = sum_all(embedding_bag(table, ids, offsets, BagMode::Mean));
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(table.raw());
  }
}
BENCHMARK(BM_embedding_bag_step)->Unit(benchmark::kMillisecond)->UseRealTime();

// Forward + backward only (no optimizer), to separate the bag kernels from the sparse update.
static void BM_embedding_bag_forward_backward(benchmark::State& state) {
  Tensor table = uniform({kRows, kWidth}, 21);
  table.set_requires_grad(true).set_sparse_grad(true);
  const auto ids = simrec::bench::uniform_ids(kBags * kBagLength, kRows, 22);
  std::vector<std::int64_t> offsets(kBags + 1);
  for (std::int64_t b = 0; b <= kBags; ++b) offsets[b] = b * kBagLength;
  for (auto _ : state) {
    table.zero_grad();
    sum_all(embedding_bag(table, ids, offsets, BagMode::Mean)).backward();
    benchmark::DoNotOptimize(table.sparse_grad().rows.data());
  }
}
BENCHMARK(BM_embedding_bag_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
