// Training throughput of the YouTube DNN ranker (SPEC §8): one optimizer step of youtube_rank's
// network (ranker_model.hpp) with the article's 1024-512-256 tower, weighted logistic regression,
// Adam (lazy row-sparse on the tables), batch 512, on synthetic impression rows: V = 100k videos
// (one shared table for the impression id and the mean of 20 recent watches), 10k channels, the
// small fields (genre 20, region 20, device 4, age 6, gender 2, logged-in 2, group 3), 6
// continuous features with x~^2 and sqrt(x~) (18 reals), clicks ~5% weighted by watch seconds.
// Widths by the default rule round(4 ln V) (max 64): 46, 37, 12, 12, 6, 7, 3, 3, 4; input 194.
// bench/algorithms/youtube_rank_train_torch.py is the same model and step in PyTorch (F.embedding
// and F.embedding_bag(mean) on one shared sparse-gradient video table + SparseAdam for the tables,
// Adam for the tower); compare at the same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "algorithms/youtube_dnn/ranker_model.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::youtube_dnn;

namespace {
constexpr std::int64_t kVideos = 100000, kChannels = 10000, kBatch = 512, kRecent = 20;
constexpr int kBatches = 16;

datasets::RankingSamples synthetic_rows(std::size_t n) {
  datasets::RankingSamples s;
  random::Rng rng(1, "bench/youtube_rank", 0);
  for (std::size_t i = 0; i < n; ++i) {
    s.video.push_back(std::uint32_t(rng.below(kVideos)));
    s.channel.push_back(std::uint32_t(rng.below(kChannels)));
    s.genre.push_back(std::uint16_t(rng.below(20)));
    s.region.push_back(std::uint16_t(rng.below(20)));
    s.device.push_back(std::uint8_t(rng.below(4)));
    s.age_bucket.push_back(std::uint8_t(rng.below(6)));
    s.gender.push_back(std::uint8_t(rng.below(2)));
    s.logged_in.push_back(std::uint8_t(rng.below(2)));
    s.user_group.push_back(std::uint8_t(rng.below(3)));
    s.position.push_back(std::uint8_t(1 + rng.below(8)));
    for (std::size_t f = 0; f < datasets::kNumContinuous; ++f) s.continuous_quantile.push_back(float(rng.uniform()));
    const bool click = rng.uniform() < 0.05;
    s.click.push_back(click);
    s.weight.push_back(click ? float(10 + 600 * rng.uniform()) : 1.0f);
    for (std::int64_t k = 0; k < kRecent; ++k) s.recent_watches.push_back(std::uint32_t(rng.below(kVideos)));
    s.recent_offsets.push_back(s.recent_watches.size());
  }
  return s;
}
}  // namespace

static void BM_youtube_rank_train_step(benchmark::State& state) {
  RankerShape shape;
  shape.videos = kVideos;
  shape.field_rows = {kChannels, 20, 20, 4, 6, 2, 2, 3, 8};
  shape.tower = {1024, 512, 256};
  RankerModel model(shape);
  model.init(1);
  nn::AdamOptions ao;
  ao.lr = 1e-3;
  nn::Adam adam(model.named_parameters(), ao);
  const datasets::RankingSamples rows = synthetic_rows(kBatch * kBatches);
  std::vector<RankerBatch> batches;
  for (int b = 0; b < kBatches; ++b) {
    std::vector<std::size_t> idx;
    for (std::int64_t i = 0; i < kBatch; ++i) idx.push_back(std::size_t(b * kBatch + i));
    batches.push_back(make_ranker_batch(rows, idx, shape, kRecent, true));
  }
  std::uint64_t step = 0;
  for (auto _ : state) {
    const RankerBatch& b = batches[step % kBatches];
    const nn::Tensor loss = weighted_logistic_loss(model.logits(b), b.targets, b.weights);
    loss.backward();
    adam.step();
    adam.zero_grad();
    ++step;
  }
  state.counters["examples/s"] = benchmark::Counter(double(kBatch), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["input_width"] = double(model.input_width());
}
BENCHMARK(BM_youtube_rank_train_step)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);
