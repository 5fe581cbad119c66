// The LSTM inventory forecaster (issue 8, article 003): training throughput of the window model
// (one Adam step on B = 256 windows of W = 7 days: 8 embedded features of width 4 + the z label
// -> LSTM H = 32 -> Linear-tanh-Linear, MSE) and forecasting latency for every cross of a
// placement (the default inventory world: 390 crosses; one forward pass over all of them).
// bench/algorithms/lstm_forecast_torch.py is the same model and step in PyTorch (nn.Embedding,
// nn.LSTM seq-first, Adam); compare at the same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "algorithms/forecast/window_model.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::forecast;

namespace {

WindowModelConfig bench_config() {
  WindowModelConfig c;
  c.dim_sizes = {6, 5, 2, 4};  // the default inventory world
  return c;
}

WindowBatch random_batch(const WindowModelConfig& c, std::int64_t B, std::uint64_t seed) {
  random::Rng rng(seed, "bench/lstm_forecast", 0);
  WindowBatch b;
  b.window = 7;
  b.batch = B;
  for (int f = 0; f < c.num_features(); ++f)
    for (std::int64_t i = 0; i < 7 * B; ++i) b.ids[std::size_t(f)].push_back(std::int64_t(rng.below(std::uint64_t(c.vocabulary(f)))));
  for (std::int64_t i = 0; i < 7 * B; ++i) b.label_z.push_back(float(2 * rng.uniform() - 1));
  for (std::int64_t i = 0; i < B; ++i) b.target_z.push_back(float(2 * rng.uniform() - 1));
  return b;
}

}  // namespace

static void BM_lstm_forecast_train_step(benchmark::State& state) {
  const WindowModelConfig c = bench_config();
  WindowModel model(c);
  model.init(1);
  nn::Adam adam(model.named_parameters(), nn::AdamOptions{.lr = 1e-2});
  const WindowBatch b = random_batch(c, 256, 1);
  const nn::Tensor target = nn::Tensor::from(nn::Shape{256, 1}, b.target_z);
  for (auto _ : state) {
    adam.zero_grad();
    const nn::Tensor loss = nn::mse(model.forward(b), target);
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.item());
  }
  state.SetItemsProcessed(state.iterations() * 256);
}
BENCHMARK(BM_lstm_forecast_train_step)->Unit(benchmark::kMicrosecond)->UseRealTime();

static void BM_lstm_forecast_placement_forecast(benchmark::State& state) {
  const WindowModelConfig c = bench_config();
  WindowModel model(c);
  model.init(1);
  WindowBatch b = random_batch(c, 390, 2);
  b.target_z.clear();
  for (auto _ : state) {
    nn::NoGradGuard no_grad;
    benchmark::DoNotOptimize(model.forward(b).to_vector());
  }
  state.SetItemsProcessed(state.iterations() * 390);
}
BENCHMARK(BM_lstm_forecast_placement_forecast)->Unit(benchmark::kMicrosecond)->UseRealTime();
