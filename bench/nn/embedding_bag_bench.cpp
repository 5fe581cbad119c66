// embedding_bag forward + backward, the workload of SPEC §8's comparison with PyTorch's
// EmbeddingBag: 10k bags of 0..40 ids (mean 20) over a 50k x 64 float32 table, loss
// sum(out * r), table gradient dense (PyTorch's default) or row-sparse. The PyTorch side is
// bench/nn/embedding_bag_torch.py with the same sizes; compare at the same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "nn/nn.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::nn;

namespace {

struct Workload {
  std::vector<std::int64_t> ids, offsets{0};
  Tensor table, r;
  Workload(std::int64_t n_bags, std::int64_t max_len, std::int64_t vocab, std::int64_t width) {
    random::Rng rng(1, "bench/embedding_bag", 0);
    for (std::int64_t b = 0; b < n_bags; ++b) {
      const auto len = std::int64_t(rng.below(max_len + 1));
      for (std::int64_t j = 0; j < len; ++j) ids.push_back(std::int64_t(rng.below(vocab)));
      offsets.push_back(std::int64_t(ids.size()));
    }
    std::vector<float> v(vocab * width), w(n_bags * width);
    for (float& x : v) x = float(rng.uniform() - 0.5);
    for (float& x : w) x = float(rng.uniform());
    table = Tensor::from({vocab, width}, v);
    r = Tensor::from({n_bags, width}, w);
  }
};

void bm_embedding_bag(benchmark::State& state) {
  const auto mode = BagMode(state.range(0));
  const bool sparse = state.range(1) != 0;
  static Workload wl(10000, 40, 50000, 64);
  Tensor table = wl.table.clone().set_requires_grad(true);
  table.set_sparse_grad(sparse);
  for (auto _ : state) {
    table.zero_grad();
    Tensor out = embedding_bag(table, wl.ids, wl.offsets, mode);
    sum_all(mul(out, wl.r)).backward();
    if (sparse) benchmark::DoNotOptimize(table.sparse_grad().rows.data());
    else benchmark::DoNotOptimize(table.impl()->grad.get());
  }
  state.SetLabel(std::string(mode == BagMode::Sum ? "sum" : mode == BagMode::Mean ? "mean" : "max") +
                 (sparse ? " sparse" : " dense"));
}

}  // namespace

BENCHMARK(bm_embedding_bag)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
