// Training throughput of the AdaScene models (SPEC §8; algorithms/adascene): one optimizer step as
// SceneModel::fit takes it -- gather a batch of rows (15 categorical fields + the scenario key),
// forward, the row-weighted BCE objective, backward, Adam (lazy row-sparse on the field tables and
// the per-scenario tables), zero_grad. Data: a synthetic ad table of 64k rows shaped like
// datasets/ad_samples.hpp (user 5000, region 20, age 6, gender 2, device 3, logged_in 2, ad 20000,
// merchant 2000, category 30, channel 25, app 10, format 4, slot 1, hour 24, position 5 buckets),
// S = 1000 scenario keys drawn long-tailed (key = floor(S u^3), u uniform). Models (registration
// defaults): embedding_dim 8 (D = 120), scenario_dim 8, 8 experts 64-32, softmax scenario gates
// (one [8 x 120] gate per scenario), tower 32-1, per-scenario logit offset; aktn adds feature
// adaptation (MLP 8-16-15) and knowledge transfer (2 shared experts 64-32, a shared softmax gate,
// a per-scenario transfer gate [S, 32]). Batch 256 (the default batch_size) and 1024.
// bench/algorithms/adascene_train_torch.py is the same models and step in PyTorch; compare at the
// same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "algorithms/adascene/scenario_net.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene;

namespace {
constexpr std::size_t kRows = 64 * 1024;
constexpr std::uint32_t kScenarios = 1000;
const std::vector<std::uint32_t> kBuckets = {5000, 20, 6, 2, 3, 2, 20000, 2000, 30, 25, 10, 4, 1, 24, 5};

struct Data {
  datasets::AdSampleTable table;
  std::vector<std::uint32_t> key;
};

Data synthetic_data() {
  Data d;
  auto& t = d.table;
  for (std::size_t f = 0; f < kBuckets.size(); ++f) {
    t.field_names.push_back("f" + std::to_string(f));
    t.field_buckets.push_back(kBuckets[f]);
    t.field_kind.push_back(datasets::AdFieldKind::User);
  }
  t.rows = kRows;
  random::Rng rng(1, "bench/adascene", 0);
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::uint32_t b : kBuckets) t.categorical.push_back(std::uint32_t(rng.below(b)));
    t.click.push_back(rng.uniform() < 0.05 ? 1.f : 0.f);
    const double u = rng.uniform();
    d.key.push_back(std::min(kScenarios - 1, std::uint32_t(double(kScenarios) * u * u * u)));
    t.scenario.push_back(d.key.back());
    t.user.push_back(0);
    t.day.push_back(0);
  }
  t.validate();
  return d;
}

void train_step(benchmark::State& state, bool aktn) {
  const Data data = synthetic_data();
  const std::size_t batch = std::size_t(state.range(0));
  SceneNetConfig c;
  c.field_buckets = data.table.field_buckets;
  c.num_scenarios = kScenarios;
  c.feature_adaptation = aktn;
  c.knowledge_transfer = aktn;
  SceneNet net(c);
  net.init(1);
  net.train();
  nn::AdamOptions ao;
  ao.lr = 2e-3;
  nn::Adam adam(net.named_parameters(), ao);
  std::vector<std::size_t> order(kRows);
  random::Rng rng(1, "bench/adascene/order", 0);
  for (std::size_t i = 0; i < kRows; ++i) order[i] = i;
  for (std::size_t i = kRows; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  const std::vector<float> weights(batch, 1.0f);
  std::uint64_t step = 0;
  for (auto _ : state) {
    const std::span<const std::size_t> rows(order.data() + (step % (kRows / batch)) * batch, batch);
    std::vector<float> y(batch);
    for (std::size_t i = 0; i < batch; ++i) y[i] = data.table.click[rows[i]];
    const SceneOutput out = net.forward(make_scene_batch(data.table, data.key, rows), step);
    const std::int64_t B = std::int64_t(batch);
    const nn::Tensor loss = nn::bce_with_logits(out.logits, nn::Tensor::from({B}, y), nn::Tensor::from({B}, weights));
    loss.backward();
    adam.step();
    adam.zero_grad();
    ++step;
  }
  state.counters["rows/s"] = benchmark::Counter(double(batch), benchmark::Counter::kIsIterationInvariantRate);
}
}  // namespace

static void BM_ada_base_train_step(benchmark::State& state) { train_step(state, false); }
static void BM_aktn_train_step(benchmark::State& state) { train_step(state, true); }
BENCHMARK(BM_ada_base_train_step)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_aktn_train_step)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
