#pragma once
// The [align] section of an alignment scenario (task = alignment; SPEC §6, §7 row align-table;
// article 002): the harness's protocol, shared by every variant of a seed -- the evaluators, the
// SFT checkpoint, the preference data and the test prompts are built once per seed, so the
// methods (variants) differ only in their alignment loss.
//
// Per seed (scenarios/alignment_runner.hpp):
//   1. the title world ([titles] knobs, seed);
//   2. evaluators: fluency on eval_pairs platform titles + their corruptions (1:1), style on
//      eval_pairs platform + eval_pairs generic titles, quality on eval_quality_titles titles
//      labelled by the two annotators (disagreements dropped); a held-out eval_test_fraction of
//      each set gives the evaluator AUCs (data_auc_fluency, data_auc_style, data_auc_quality).
//      The fluency and style evaluators read the title's n-grams only, the quality evaluator
//      also the prompt (algorithms/alignment/evaluators.hpp, prompt_features);
//      eval_fluency_drop_fluent = 1 leaves the corruptions that stay grammatical out of the
//      fluency set (datasets/title_data.hpp);
//   3. SFT on sft_prompts keyword -> platform-title pairs mixed with business and open-domain
//      text at task : business : open = 1 : 1 : sft_open_ratio;
//   4. preference data: preference_prompts prompts x samples_per_prompt titles sampled from the
//      SFT policy at temperature preference_temperature, scored by the fluency and quality
//      evaluators, turned into pairs / feedback by datasets/preference_builder.hpp
//      (preference_min_margin, preference_rejected_rank, preference_fluency_weight: the ranking
//      score is fluency^w x quality, w = 1 by default, w = 0 ranks by quality alone;
//      preference_corrupted_rejected = 1: each pair's rejected title is replaced by the article's
//      corruption of its chosen title, a near-duplicate bad case; preference_source picks who
//      writes the candidates: 0 the SFT policy (on-policy, the default), 1 the world's generic
//      generator, 2 the world's platform writer -- off-policy data, as when the pairs come from
//      another system or from people); KTO / KTON's unpaired feedback is by default the pairs'
//      chosen (desirable) and rejected (undesirable) titles; preference_feedback = 1 labels every
//      candidate on its own instead: desirable when its ranking score is >=
//      feedback_desirable_min, undesirable when <= feedback_undesirable_max (the article's
//      "bad cases"), left out in between -- unequal counts, balanced by lambda_d / lambda_u;
//   5. each variant's policy writes one title per test prompt (test_prompts, temperature
//      test_temperature, top_k, max_length), which the evaluators and the world's hidden truth score.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"

namespace simrec::scenarios {

struct AlignConfig {
  // Evaluators.
  std::int64_t eval_pairs = 3000;
  std::int64_t eval_quality_titles = 6000;
  double eval_test_fraction = 0.2;
  std::int64_t eval_epochs = 6;
  std::int64_t eval_fluency_drop_fluent = 0;
  // The policy and SFT.
  std::int64_t policy_embedding_dim = 32;
  std::int64_t policy_hidden = 64;
  std::int64_t policy_layers = 1;
  std::int64_t sft_prompts = 3000;
  std::int64_t sft_open_ratio = 5;
  std::int64_t sft_epochs = 4;
  std::int64_t sft_batch_size = 64;
  double sft_learning_rate = 0.003;
  // Preference data.
  std::int64_t preference_prompts = 1500;
  std::int64_t samples_per_prompt = 4;
  double preference_temperature = 1.0;
  double preference_min_margin = 0.1;
  std::int64_t preference_rejected_rank = 0;
  double preference_fluency_weight = 1;
  std::int64_t preference_corrupted_rejected = 0;
  std::int64_t preference_source = 0;  // 0 SFT samples; 1 generic-generator titles; 2 platform titles
  std::int64_t preference_feedback = 0;  // KTO / KTON feedback: 0 the pairs' two sides; 1 thresholds
  double feedback_desirable_min = 0.5;
  double feedback_undesirable_max = 0.2;
  // Test generation.
  std::int64_t test_prompts = 1000;
  double test_temperature = 1.0;
  std::int64_t top_k = 0;
  std::int64_t max_length = 24;
  double fluency_bar = 0.96;

  void set(std::string_view name, std::string_view value);
  std::string to_text() const;
  void validate() const;
};
std::span<const config::Knob<AlignConfig>> align_knobs();

}  // namespace simrec::scenarios
