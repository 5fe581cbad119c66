#include "scenarios/align_config.hpp"

#include <vector>

namespace simrec::scenarios {

namespace {

using C = AlignConfig;
const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      SIMREC_KNOB(C, eval_pairs, 20, 10000000, "fluency set: platform titles and as many corruptions; style set: platform and as many generic titles"),
      SIMREC_KNOB(C, eval_quality_titles, 20, 10000000, "titles labelled by the two quality annotators (disagreements are dropped)"),
      SIMREC_KNOB_POS(C, eval_test_fraction, 0, 0.9, "held-out share of each evaluator set (the evaluator AUCs)"),
      SIMREC_KNOB(C, eval_epochs, 1, 10000, "evaluator training epochs"),
      SIMREC_KNOB(C, eval_fluency_drop_fluent, 0, 1,
                  "1: leave out of the fluency set the corruptions the world's grammar finds fluent (~4% on word tokens; they cap "
                  "the evaluator's score of a fluent title near 1 / (1 + share)); 0: the article's recipe as is"),
      SIMREC_KNOB(C, policy_embedding_dim, 1, 4096, "policy token / industry embedding width"),
      SIMREC_KNOB(C, policy_hidden, 1, 4096, "policy LSTM hidden width"),
      SIMREC_KNOB(C, policy_layers, 1, 16, "policy LSTM layers"),
      SIMREC_KNOB(C, sft_prompts, 10, 100000000, "keyword -> platform-title pairs for SFT (the task share of the mix)"),
      SIMREC_KNOB(C, sft_open_ratio, 0, 100, "N of the SFT mix task : business : open = 1 : 1 : N (article: 5 <= N <= 10)"),
      SIMREC_KNOB(C, sft_epochs, 1, 10000, "SFT epochs over the mix"),
      SIMREC_KNOB(C, sft_batch_size, 1, 1000000, "SFT sequences per optimizer step"),
      SIMREC_KNOB_POS(C, sft_learning_rate, 0, 10, "SFT Adam learning rate"),
      SIMREC_KNOB(C, preference_prompts, 1, 100000000, "prompts whose SFT samples become preference data"),
      SIMREC_KNOB(C, samples_per_prompt, 2, 1000, "titles sampled from the SFT policy per preference prompt"),
      SIMREC_KNOB_POS(C, preference_temperature, 0, 100, "sampling temperature of the preference candidates"),
      SIMREC_KNOB(C, preference_min_margin, 0, 1, "a prompt is kept when chosen - rejected ranking score (fluency^w x quality) >= this"),
      SIMREC_KNOB(C, preference_fluency_weight, 0, 1, "preference ranking score = fluency^w x quality (1: both must be good; 0: quality alone, fluency left to the bar)"),
      SIMREC_KNOB(C, preference_corrupted_rejected, 0, 1,
                  "1: the rejected title of every pair (and the undesirable feedback) is the article's corruption of the chosen title "
                  "(two non-edge tokens replaced / dropped / swapped): near-duplicate bad cases; pairs whose chosen title is too short "
                  "to corrupt are dropped"),
      SIMREC_KNOB(C, preference_source, 0, 2,
                  "who writes the preference candidates: 0 = the SFT policy (on-policy samples); 1 = the world's generic generator; "
                  "2 = the world's platform writer (1, 2: off-policy data; preference_temperature is then unused)"),
      SIMREC_KNOB(C, preference_feedback, 0, 1,
                  "KTO / KTON feedback: 0 = each pair's chosen title desirable and rejected title undesirable; 1 = every candidate "
                  "labelled on its own by its ranking score (feedback_desirable_min, feedback_undesirable_max), the middle left out"),
      SIMREC_KNOB(C, feedback_desirable_min, 0, 1, "preference_feedback = 1: a candidate scoring >= this is desirable"),
      SIMREC_KNOB(C, feedback_undesirable_max, 0, 1, "preference_feedback = 1: a candidate scoring <= this is undesirable (a bad case)"),
      SIMREC_KNOB(C, preference_rejected_rank, 0, 999, "rejected title: 0 = the worst candidate; r >= 1 = the (r + 1)-th best (1: the closest pair)"),
      SIMREC_KNOB(C, test_prompts, 1, 100000000, "test prompts; each variant writes one title per prompt"),
      SIMREC_KNOB_POS(C, test_temperature, 0, 100, "sampling temperature of the test titles"),
      SIMREC_KNOB(C, top_k, 0, 1000000, "top-k sampling of the test titles (0: the whole vocabulary)"),
      SIMREC_KNOB(C, max_length, 1, 1000, "longest generated title in tokens (generation stops at EOS or here)"),
      SIMREC_KNOB(C, fluency_bar, 0, 1, "fluency admission bar (article: 0.96): fluency_pass = share of test titles scoring >= it"),
  };
  return t;
}

}  // namespace

std::span<const config::Knob<AlignConfig>> align_knobs() { return table(); }

void AlignConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<AlignConfig>(*this, align_knobs(), "align", name, value);
}

std::string AlignConfig::to_text() const { return config::knobs_to_text<AlignConfig>(*this, align_knobs()); }

void AlignConfig::validate() const {
  config::check_knobs<AlignConfig>(*this, align_knobs(), "align");
  if (preference_feedback == 1 && !(feedback_undesirable_max < feedback_desirable_min))
    throw config::ConfigError("align.feedback_undesirable_max = " + config::format_value(feedback_undesirable_max) +
                              " must be below align.feedback_desirable_min = " + config::format_value(feedback_desirable_min) +
                              " (a title cannot be both desirable and undesirable)");
  if (preference_feedback == 1 && preference_corrupted_rejected != 0)
    throw config::ConfigError("align.preference_feedback = 1 cannot be combined with align.preference_corrupted_rejected = 1 (the "
                              "corrupted titles exist only as the rejected side of pairs); allowed: one of the two");
}

}  // namespace simrec::scenarios
