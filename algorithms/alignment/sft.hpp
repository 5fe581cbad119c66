#pragma once
// Supervised fine-tuning of the title policy (article 002 §2.3.1; SPEC §6): maximum likelihood of
// platform titles given their prompts, on a mix of three corpora — task data (keyword -> platform
// title), business data (other platform text with industry + keywords) and open-domain text
// (industry id = num_industries "no industry", empty keyword list) — in the ratio
// task : business : open = 1 : 1 : N.
//
// Per-token negative log-likelihood of a batch:
//   NLL = - sum_i log pi(y_i + EOS | x_i) / sum_i (n_i + 1)
// (every token, EOS included, weighs the same; Adam on its gradient).
//
// The mix, per epoch e (n_task = task corpus size): every task example once; n_task business
// examples; round(N n_task) open examples. Each corpus is read in the order of a per-epoch random
// permutation (Philox stream "alignment/sft/<corpus>", entity e), continuing into a further
// permutation (entity e + 1000003 k, k = 1, 2, ...) when the corpus is smaller than its share;
// an empty business or open corpus contributes nothing. The combined list is shuffled (stream
// "alignment/sft/mix") and cut into batches of batch_size.
//
// Logged per epoch (1-based): "train_nll" (per-token NLL over the epoch's examples, from the
// batches' forward passes), and with a validation corpus "validation_nll" (per-token, after the
// epoch, no gradient).

#include <cstdint>

#include "algorithms/alignment/title_policy.hpp"
#include "algorithms/options.hpp"

namespace simrec::algorithms::alignment {

struct SftOptions {
  int epochs = 10;              // >= 1
  int batch_size = 64;          // >= 1
  double learning_rate = 3e-3;  // > 0, Adam
  double open_ratio = 1.0;      // N >= 0 in task : business : open = 1 : 1 : N
  void validate() const;        // throws std::invalid_argument naming the field and range
};

// Option specs of the policy's size and its SFT, for the harness (STYLE habit 9: one source of
// truth): embedding_dim, hidden_size, num_layers, keyword_copy, sft_epochs, sft_batch_size, sft_learning_rate,
// open_ratio; defaults are those of TitlePolicyConfig and SftOptions.
std::vector<OptionSpec> title_policy_option_specs();
// Reads resolved values of those specs into `config` (its vocab is left as it is) and `sft`.
void read_title_policy_options(const OptionValues& values, TitlePolicyConfig& config, SftOptions& sft);

// The policy is initialised from `seed`, then trained. `validation` may be null.
TitlePolicy train_sft(const TitlePolicyConfig& config, const datasets::TitleCorpus& task,
                      const datasets::TitleCorpus& business, const datasets::TitleCorpus& open,
                      const SftOptions& options, std::uint64_t seed, algorithms::TrainingLogger& log,
                      const datasets::TitleCorpus* validation = nullptr);

// Per-token NLL of a corpus under a policy (no gradient), in batches of batch_size.
double corpus_nll(const TitlePolicy& policy, const datasets::TitleCorpus& corpus, int batch_size = 256);

// Rows [idx] of a corpus / prompts / sequences, in the given order (helpers shared by the trainers).
datasets::TitlePrompts select_prompts(const datasets::TitlePrompts& p, const std::vector<std::size_t>& idx);
datasets::TokenSequences select_sequences(const datasets::TokenSequences& s, const std::vector<std::size_t>& idx);
// A random permutation of [0, n) from Philox stream `stream`, entity `entity`.
std::vector<std::size_t> permutation(std::size_t n, std::uint64_t seed, const char* stream, std::uint64_t entity);

}  // namespace simrec::algorithms::alignment
