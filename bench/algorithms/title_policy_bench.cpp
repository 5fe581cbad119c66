// The alignment title policy (article 002; algorithms/alignment/title_policy.hpp): training
// throughput in tokens per second (completion tokens + EOS) of
//   title_sft_step  one Adam step on the per-token NLL of B = 64 titles;
//   title_dpo_step  one DPO step on B = 64 pairs: policy log-probs of chosen and rejected (one
//                   forward over 2B sequences, with gradient), the frozen reference's log-probs of
//                   the same 2B sequences (no gradient), DPO loss, backward, Adam step.
// Model: V = 3000 tokens, 20 industries, E = 32, H = 128, 1 LSTM layer; 2 keywords per prompt;
// title i has 8 + (7 i) % 13 content tokens (8-20). bench/algorithms/title_policy_torch.py is the
// same model and the same steps in PyTorch; compare at the same OMP_NUM_THREADS.
// Argument: keyword copy off (/0: the model of the PyTorch twin) or on (/1: the policy as the
// scenarios train it, with the copy bias of the prompt keywords on every scored position).
#include <benchmark/benchmark.h>

#include "algorithms/alignment/preference_losses.hpp"
#include "algorithms/alignment/title_policy.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::alignment;

namespace {

constexpr std::uint32_t kVocab = 3000, kIndustries = 20;
constexpr std::size_t kBatch = 64;


TitlePolicyConfig bench_config(bool keyword_copy) {
  TitlePolicyConfig c;
  c.vocab = {kVocab, kIndustries, 20};
  c.embedding_dim = 32;
  c.hidden_size = 128;
  c.num_layers = 1;
  c.keyword_copy = keyword_copy;
  return c;
}

struct Batch {
  datasets::TitlePrompts prompts;
  datasets::TokenSequences titles;
  double tokens = 0;
};

Batch random_batch(std::size_t n, std::uint64_t stream_index) {
  random::Rng rng(1, "bench/title_policy", stream_index);
  Batch b;
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<std::uint32_t> kw{3 + std::uint32_t(rng.below(kVocab - 3)), 3 + std::uint32_t(rng.below(kVocab - 3))};
    std::vector<std::uint32_t> t(8 + (7 * i) % 13);
    for (auto& tok : t) tok = 3 + std::uint32_t(rng.below(kVocab - 3));
    b.prompts.push(std::uint32_t(rng.below(kIndustries)), kw);
    b.titles.push(t);
    b.tokens += double(t.size() + 1);
  }
  return b;
}

}  // namespace

static void BM_title_sft_step(benchmark::State& state) {
  TitlePolicy policy(bench_config(state.range(0) != 0), 1);
  nn::Adam adam(policy.named_parameters(), nn::AdamOptions{.lr = 1e-3});
  const Batch b = random_batch(kBatch, 0);
  for (auto _ : state) {
    adam.zero_grad();
    const nn::Tensor loss = nn::sum_all(policy.sequence_log_probs(b.prompts, b.titles)) * (-1.0 / b.tokens);
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.item());
  }
  state.SetItemsProcessed(std::int64_t(double(state.iterations()) * b.tokens));
}
BENCHMARK(BM_title_sft_step)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_title_dpo_step(benchmark::State& state) {
  TitlePolicy policy(bench_config(state.range(0) != 0), 1);
  TitlePolicy reference = policy.clone();
  reference.freeze();
  nn::Adam adam(policy.named_parameters(), nn::AdamOptions{.lr = 1e-3});
  // Prompts twice: chosen then rejected completions (what PreferenceAligner batches).
  const Batch chosen = random_batch(kBatch, 1), rejected = random_batch(kBatch, 2);
  Batch both = chosen;
  for (std::size_t i = 0; i < kBatch; ++i) {
    both.prompts.push(chosen.prompts.industry[i], chosen.prompts.keywords.at(i));
    both.titles.push(rejected.titles.at(i));
  }
  both.tokens = chosen.tokens + rejected.tokens;
  const std::int64_t n = std::int64_t(kBatch);
  for (auto _ : state) {
    adam.zero_grad();
    nn::Tensor ref;
    {
      const nn::NoGradGuard no_grad;
      ref = reference.sequence_log_probs(both.prompts, both.titles);
    }
    const nn::Tensor lp = policy.sequence_log_probs(both.prompts, both.titles);
    const nn::Tensor loss = dpo_loss({nn::slice(lp, 0, 0, n), nn::slice(lp, 0, n, n), nn::slice(ref, 0, 0, n), nn::slice(ref, 0, n, n)},
                                     {0.1, 0.0, 0.0});
    loss.backward();
    adam.step();
    benchmark::DoNotOptimize(loss.item());
  }
  state.SetItemsProcessed(std::int64_t(double(state.iterations()) * both.tokens));
}
BENCHMARK(BM_title_dpo_step)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
