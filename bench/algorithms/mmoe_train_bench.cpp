// Training throughput of MMoE (SPEC §8; algorithms/multitask): one optimizer step as
// MultiTaskModel::fit takes it — gather a batch of 1024 rows from the table (ids, dense, labels,
// masks), forward, the masked multi-task objective, backward, Adam (lazy row-sparse on the
// embedding tables), zero_grad. Model: 4 categorical fields of 1000 buckets embedded in 16 + 32
// dense features (input 96); 8 experts 128-64 (ReLU); 2 gates; 2 towers 32-1; tasks: one binary,
// one regression. bench/algorithms/mmoe_train_torch.py is the same model and step in PyTorch;
// compare at the same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "algorithms/multitask/input_layer.hpp"
#include "algorithms/multitask/multitask_loss.hpp"
#include "algorithms/multitask/networks.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::multitask;

namespace {
constexpr std::size_t kRows = 16 * 1024, kBatch = 1024, kFields = 4, kBuckets = 1000, kDense = 32;

datasets::MultiTaskTable synthetic_table() {
  datasets::MultiTaskTable t;
  t.set_flat_tasks({"click", "watch"}, {1, 0});
  for (std::size_t f = 0; f < kFields; ++f) {
    t.field_names.push_back("f" + std::to_string(f));
    t.field_buckets.push_back(kBuckets);
  }
  for (std::size_t k = 0; k < kDense; ++k) t.dense_names.push_back("d" + std::to_string(k));
  t.rows = kRows;
  random::Rng rng(1, "bench/mmoe", 0);
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::size_t f = 0; f < kFields; ++f) t.categorical.push_back(std::uint32_t(rng.below(kBuckets)));
    for (std::size_t k = 0; k < kDense; ++k) t.dense.push_back(float(2 * rng.uniform() - 1));
    t.labels.push_back(rng.uniform() < 0.3 ? 1.f : 0.f);
    t.labels.push_back(float(rng.uniform()));
  }
  t.validate();
  return t;
}
}  // namespace

static void BM_mmoe_train_step(benchmark::State& state) {
  const datasets::MultiTaskTable table = synthetic_table();
  NetConfig c;
  c.field_buckets = table.field_buckets;
  c.num_dense = kDense;
  c.embedding_dim = 16;
  c.tasks = 2;
  c.experts = 8;
  c.bottom_hidden = {128, 64};
  c.tower_hidden = {32};
  auto net = make_net(Architecture::Mmoe, c);
  net->init(1);
  nn::AdamOptions ao;
  ao.lr = 1e-3;
  nn::Adam adam(net->named_parameters(), ao);
  const std::vector<double> weights{1.0, 1.0};
  std::vector<std::size_t> order(kRows);
  random::Rng rng(1, "bench/mmoe/order", 0);
  for (std::size_t i = 0; i < kRows; ++i) order[i] = i;
  for (std::size_t i = kRows; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  std::uint64_t step = 0;
  for (auto _ : state) {
    const std::span<const std::size_t> rows(order.data() + (step % (kRows / kBatch)) * kBatch, kBatch);
    const BatchTargets targets = make_targets(table, rows);
    const nn::Tensor out = net->forward(make_input_batch(table, rows), step);
    const nn::Tensor loss = combine_task_losses(per_task_loss(out, targets, table.task_is_binary), targets, weights, table.task_is_binary);
    loss.backward();
    adam.step();
    adam.zero_grad();
    ++step;
  }
  state.counters["rows/s"] = benchmark::Counter(double(kBatch), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_mmoe_train_step)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
