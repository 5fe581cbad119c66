#pragma once
// The title policy of article 002 (SPEC §6 alignment): a small autoregressive language model over
// the title vocabulary, conditioned on the prompt (industry + 1-3 keyword tokens).
//
// Why an LSTM and not a causal transformer: titles are short (<= ~24 tokens), so the LSTM's
// sequential dependence costs little, and the engine's LSTM is already verified against
// torch.nn.LSTM (tests/nn, tests/forecast); a transformer would need causal attention masks the
// engine does not have yet. The conditioning is fed both ways an LSTM uses it well: as the initial
// hidden state and concatenated to every input step (so keywords stay visible to the last token,
// which matters when a title copies a keyword).
//
// Shape letters: N prompts (batch), T time steps (longest completion + 1 for EOS), E embedding
// width, H hidden width, L layers, V vocabulary size, K industries (+1 "no industry" row).
//
//   ctx_b      = concat(industry_emb[ind_b], mean_{k in keywords_b} tok_emb[k])          [N, 2E]
//                (an empty keyword list gives a zero keyword mean; only the "no industry" id
//                 ind = num_industries — open-domain text — may have no keyword)
//   h0_l       = tanh(init_proj(ctx))[:, l H : (l + 1) H],  c0_l = 0                      [N, H]
//   x_t        = concat(tok_emb[y_{t-1}], ctx)   with y_0 = BOS                          [T, N, 3E]
//   h_t        = LSTM(x, (h0, c0))                                                       [T, N, H]
//   z_t        = head(h_t) + s_t * m_t,   s_t = copy_gate(h_t)  (Linear(H, 1))            [T, N, V]
//   m_t[v]     = 1 if v is one of the prompt's keywords and v is not in y_1 .. y_{t-1}, else 0
//                (keyword copy bias; z_t = head(h_t) when keyword_copy is off)
//   log pi(y_t | y_<t, x) = log_softmax(z_t)[y_t]    with y_{n+1} = EOS
//
// sequence_log_probs sums the log-probabilities of every completion token and the final EOS
// (n + 1 terms for a completion of n content tokens); length_normalised divides by n + 1. Only the
// valid (non-padding) positions reach the output layer: padding costs LSTM steps, never V-wide
// logits.
//
// Parameters (PyTorch names; the cross-check builds the same model in torch from them):
// tok_emb.weight [V, E], industry_emb.weight [K + 1, E], init_proj.weight [L H, 2E],
// init_proj.bias, lstm.weight_ih_l{k}, lstm.weight_hh_l{k}, lstm.bias_ih_l{k}, lstm.bias_hh_l{k},
// head.weight [V, H], head.bias [V], then (keyword_copy only) copy_gate.weight [1, H],
// copy_gate.bias [1]. Embedding tables have dense gradients (V is small).
//
// Sampling (TitleSampling): at step t the logits of row i are divided by the temperature, PAD and
// BOS are excluded, the top_k largest remain (0: all; ties -> lower id), and the next token is
// drawn from their softmax by inverse CDF with the uniform of Philox block (seed, stream
// "alignment/title_sample", entity = prompt index, block = t). Generation of a row stops at EOS
// (not stored) or after max_length content tokens. The draw depends only on (weights, prompt,
// sampling, seed, prompt index): not on batching or thread count.
//
// TitlePolicy is a value type: copies are deep (clone() says so explicitly). freeze() marks every
// parameter as not requiring gradients: a frozen clone of the SFT policy is the reference pi_ref.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/title_corpus.hpp"
#include "nn/nn.hpp"

namespace simrec::algorithms::alignment {

struct TitlePolicyConfig {
  datasets::TitleVocabularyInfo vocab;
  int embedding_dim = 32;  // E
  int hidden_size = 64;    // H
  int num_layers = 1;      // L
  // Keyword copy bias (pointer-generator style, See et al. 2017, simplified): the logits of the
  // prompt's keywords not yet emitted get + s_t, s_t = w_c . h_t + b_c a learned gate on the top
  // LSTM output. A mean of keyword embeddings cannot tell the decoder *which* ids to emit (after
  // SFT only ~48% of prompt keywords appeared in sampled titles); the bias points at exactly those
  // ids and the gate learns when to copy; the "not yet emitted" mask discourages repeats. Adds the
  // parameters copy_gate.weight / copy_gate.bias (checkpoints differ from keyword_copy = false).
  bool keyword_copy = true;
  // Throws std::invalid_argument naming the field and its allowed range.
  void validate() const;
};

// Per-token log-probs of a batch of completions: values [n_valid], sequence-major -- completion i's
// n_i + 1 terms lie at offsets[i] .. offsets[i + 1] - 1, the last of them its EOS.
struct TokenLogProbs {
  nn::Tensor values;
  std::vector<std::int64_t> offsets;  // N + 1 entries, offsets[0] = 0
  std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  // [N] per-completion sums (divided by n_i + 1 when length_normalised); differentiable.
  nn::Tensor sums(bool length_normalised = false) const;
  // log pi(EOS | prompt_i, completion_i) per completion, as plain numbers (no gradient).
  std::vector<double> eos() const;
};

class TitlePolicy {
 public:
  // Initialised from `seed` (every parameter from stream "init/<name>", nn::Module::init).
  TitlePolicy(const TitlePolicyConfig& config, std::uint64_t seed);
  TitlePolicy(const TitlePolicy& other);
  TitlePolicy& operator=(const TitlePolicy& other);
  TitlePolicy(TitlePolicy&&) noexcept;
  TitlePolicy& operator=(TitlePolicy&&) noexcept;
  ~TitlePolicy();

  TitlePolicy clone() const { return TitlePolicy(*this); }
  // Stops (or restarts) gradients to every parameter.
  void freeze(bool frozen = true);
  bool frozen() const { return frozen_; }

  const TitlePolicyConfig& config() const { return config_; }

  // [N] log pi(completion_i + EOS | prompt_i), summed over the n_i + 1 tokens (divided by n_i + 1
  // when length_normalised). Differentiable w.r.t. the parameters unless frozen or under
  // nn::NoGradGuard. Throws std::invalid_argument on a bad prompt or token (naming its index).
  // Equal, bit for bit, to token_log_probs(prompts, completions).sums(length_normalised).
  nn::Tensor sequence_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& completions,
                                bool length_normalised = false) const;
  // The same forward pass, before the per-completion sum: every scored token's log-prob.
  TokenLogProbs token_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& completions) const;
  // The whole next-token distribution at the same positions, as log-probabilities [n_valid, V]
  // (row offsets[i] + t: completion i after its first t tokens; the offsets are
  // token_log_probs's): what the policy would write instead of each token -- e.g. the mass it puts
  // on words no title contains, or on EOS mid-title. No gradient.
  nn::Tensor next_token_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& completions) const;
  // Tokens scored per completion: n_i + 1 (the EOS included).
  static std::vector<double> token_counts(const datasets::TokenSequences& completions);

  // One title per prompt (content tokens only), as described above.
  datasets::TokenSequences sample(const datasets::TitlePrompts& prompts, const algorithms::TitleSampling& sampling,
                                  std::uint64_t seed) const;

  std::vector<nn::NamedTensor> named_parameters() const;
  std::vector<nn::Tensor> parameters() const;
  void zero_grad();
  // Checkpoint of kind "module" (nn/checkpoint.hpp); load needs the same configuration.
  void save(const std::string& path) const;
  void load(const std::string& path);

  // Checks prompts and completions (sizes, industry range, keyword counts, token ids); throws
  // std::invalid_argument naming the first bad entry.
  void validate(const datasets::TitlePrompts& prompts, const datasets::TokenSequences* completions) const;

 private:
  class Model;
  // The output layer's logits at every valid position, the token each position scores and the
  // per-completion offsets (the shared forward pass of token_log_probs / next_token_log_probs).
  struct PositionLogits {
    nn::Tensor logits;                   // [n_valid, V]
    std::vector<std::int64_t> targets;   // [n_valid]
    std::vector<std::int64_t> offsets;   // N + 1
  };
  PositionLogits position_logits(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& completions) const;
  TitlePolicyConfig config_;
  std::unique_ptr<Model> model_;
  bool frozen_ = false;
};

}  // namespace simrec::algorithms::alignment
