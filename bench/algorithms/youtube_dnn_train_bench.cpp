// Training throughput of the YouTube candidate generator (SPEC §8, issue 5): one optimizer step of
// the depth-3 tower (D = 256: 1024-512-256) with every feature group and sampled softmax over
// 1000 shared negatives (log-Q, accidental hits), Adam (lazy row-sparse on the tables), batch 256,
// on synthetic rows: 0..50 watched ids of V = 100k videos, 0..20 search tokens of T = 50k, region,
// device, 3 demographic reals, example age. bench/algorithms/youtube_dnn_train_torch.py is the
// same model and step in PyTorch (nn.EmbeddingBag mean with sparse gradients + SparseAdam, the
// tower and output table with Adam); compare at the same OMP_NUM_THREADS.
#include <benchmark/benchmark.h>

#include "algorithms/youtube_dnn/candidate_losses.hpp"
#include "algorithms/youtube_dnn/candidate_model.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::youtube_dnn;

namespace {
constexpr std::int64_t kVideos = 100000, kTokens = 50000, kBatch = 256, kNegatives = 1000;
constexpr int kBatches = 16;

datasets::RetrievalSamples synthetic_rows(std::size_t n) {
  datasets::RetrievalSamples r;
  random::Rng rng(1, "bench/youtube_dnn", 0);
  for (std::size_t i = 0; i < n; ++i) {
    r.user_id.push_back(std::uint32_t(i));
    r.label.push_back(std::uint32_t(rng.below(kVideos)));
    for (std::uint64_t k = rng.below(51); k > 0; --k) r.history.push_back(std::uint32_t(rng.below(kVideos)));
    r.history_offsets.push_back(r.history.size());
    for (std::uint64_t k = rng.below(21); k > 0; --k) r.search_tokens.push_back(std::uint32_t(rng.below(kTokens)));
    r.search_offsets.push_back(r.search_tokens.size());
    r.region.push_back(std::uint16_t(rng.below(20)));
    r.device.push_back(std::uint8_t(rng.below(4)));
    r.gender.push_back(std::uint8_t(rng.below(2)));
    r.logged_in.push_back(std::uint8_t(rng.below(2)));
    r.age_real.push_back(float(rng.uniform()));
    r.example_age_days.push_back(float(10 * rng.uniform()));
  }
  return r;
}
}  // namespace

static void BM_youtube_dnn_train_step(benchmark::State& state) {
  ModelShape s;
  s.features = FeatureSet::parse("watches+searches+example_age+demographics");
  s.videos = kVideos;
  s.tokens = kTokens;
  s.regions = 20;
  s.devices = 4;
  s.embedding_dim = 64;
  s.context_dim = 8;
  s.output_dim = 256;
  s.depth = 3;
  CandidateModel model(s);
  model.init(1);
  nn::AdamOptions ao;
  ao.lr = 1e-3;
  nn::Adam adam(model.named_parameters(), ao);
  std::vector<double> counts(kVideos);
  for (std::int64_t j = 0; j < kVideos; ++j) counts[std::size_t(j)] = 1.0 / double(j + 1);  // Zipf
  const nn::CandidateSampler sampler = nn::CandidateSampler::unigram(counts, 0.75);
  const datasets::RetrievalSamples rows = synthetic_rows(kBatch * kBatches);
  BatchLimits limits;
  limits.example_age_scale_days = 10;
  std::vector<InputBatch> batches;
  std::vector<std::vector<std::int64_t>> labels;
  for (int b = 0; b < kBatches; ++b) {
    std::vector<std::size_t> idx;
    for (std::int64_t i = 0; i < kBatch; ++i) idx.push_back(std::size_t(b * kBatch + i));
    batches.push_back(make_batch(rows, idx, s.features, limits, -1));
    labels.emplace_back();
    for (auto i : idx) labels.back().push_back(rows.label[i]);
  }
  nn::SampledSoftmaxOptions lo;
  std::uint64_t step = 0;
  for (auto _ : state) {
    const int b = int(step % kBatches);
    const nn::Tensor u = model.user_vectors(batches[b]);
    const nn::Tensor loss = sampled_loss(model, u, labels[b], sampler.sample(kNegatives, 1, step), sampler, lo);
    loss.backward();
    adam.step();
    adam.zero_grad();
    ++step;
  }
  state.counters["examples/s"] = benchmark::Counter(double(kBatch), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_youtube_dnn_train_step)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);
