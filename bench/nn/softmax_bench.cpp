// Output-layer losses, forward + backward:
//   full softmax cross-entropy over logits [1024, 10000] (a leaf), labels uniform;
//   sampled softmax (YouTube DNN candidate generation): user [1024, 64], output table
//   [100000, 64] with row-sparse gradients, label rows and 5000 shared negatives gathered with
//   index_select, log-Q correction and accidental-hit removal on (nn/losses/sampled_softmax.hpp).
// The sampled ids and their log Q are drawn once outside the timed loop (the sampler is not what
// is measured; PyTorch has no equivalent). bench/torch_compare.py cases "softmax_xent" and
// "sampled_softmax" compute the same values with the same formula.
#include <benchmark/benchmark.h>

#include <cmath>

#include "bench/nn/bench_data.hpp"
#include "nn/nn.hpp"

using namespace simrec::nn;
using simrec::bench::uniform;

namespace {
constexpr std::int64_t kBatch = 1024, kClasses = 10000;
constexpr std::int64_t kVocabulary = 100000, kDim = 64, kSampled = 5000;
}  // namespace

static void BM_softmax_xent_forward_backward(benchmark::State& state) {
  Tensor logits = uniform({kBatch, kClasses}, 31, -4, 4).set_requires_grad(true);
  const auto labels = simrec::bench::uniform_ids(kBatch, kClasses, 32);
  for (auto _ : state) {
    logits.zero_grad();
    Tensor loss = softmax_cross_entropy(logits, labels);
    loss.backward();
    benchmark::DoNotOptimize(logits.grad().raw());
  }
}
BENCHMARK(BM_softmax_xent_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_sampled_softmax_forward_backward(benchmark::State& state) {
  Tensor user = uniform({kBatch, kDim}, 41).set_requires_grad(true);
  Tensor table = uniform({kVocabulary, kDim}, 42, -0.1f, 0.1f);
  table.set_requires_grad(true).set_sparse_grad(true);
  // Zipf-like counts for a realistic Q; the draw itself is outside the timed loop.
  std::vector<double> counts(kVocabulary);
  for (std::int64_t j = 0; j < kVocabulary; ++j) counts[j] = 1.0 / double(j + 1);
  const CandidateSampler sampler = CandidateSampler::unigram(counts, 1.0);
  const CandidateSampler::Draw draw = sampler.sample(kSampled, 43, 0);
  const auto labels = simrec::bench::uniform_ids(kBatch, kVocabulary, 44);
  const auto label_log_q = sampler.log_q(labels);
  for (auto _ : state) {
    user.zero_grad();
    table.zero_grad();
    SampledSoftmaxBatch batch;
    batch.label_rows = index_select(table, labels);
    batch.sampled_rows = index_select(table, draw.ids);
    batch.labels = labels;
    batch.sampled_ids = draw.ids;
    batch.label_log_q = label_log_q;
    batch.sampled_log_q = draw.log_q;
    Tensor loss = sampled_softmax_loss(user, batch);
    loss.backward();
    benchmark::DoNotOptimize(user.grad().raw());
  }
}
BENCHMARK(BM_sampled_softmax_forward_backward)->Unit(benchmark::kMillisecond)->UseRealTime();
