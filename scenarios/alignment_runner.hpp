#pragma once
// The alignment path of the runner (task = alignment; article 002, SPEC §6, §7 row align-table).
//
// Per seed (build_alignment_data; the protocol knobs are AlignConfig, scenarios/align_config.hpp):
// the title world ([titles]), the three evaluators, the SFT checkpoint, the preference data and
// the test prompts -- shared by every variant, so variants differ only in their alignment method.
// Per unit (run_alignment_unit): the method fits on (SFT policy, pairs, feedback), writes one
// title per test prompt, and the harness scores them.
//
// Metrics of a unit (means over the test titles unless said):
//   fluency_score, style_score, quality_score  the evaluators' probabilities
//   fluency_pass        share of titles with fluency_score >= fluency_bar (article: the 0.96 bar)
//   true_ctr            the world's ground-truth CTR (what the article could not measure)
//   true_fluency        the world's grammar fluency; true_style, true_quality (mean of the
//                       four main quality features), keyword_coverage
//   distinct_1, distinct_2   distinct n-grams / n-grams over all test titles (diversity)
//   mean_length         content tokens per title
//   truncated_share     share of titles cut at max_length content tokens (sampling never drew EOS)
//   open_domain_share   share of titles carrying a word of the open-domain text (subj / verb / obj
//                       tokens of the SFT mix), which no title source writes: the policy has moved
//                       probability to tokens outside the title data
//   open_domain_mass    the probability the policy itself puts on those words, averaged over every
//                       position of its test titles (after each prefix, the EOS position included):
//                       a continuous measure of the same drift, seen before titles show it
//   stop_log_ratio_at_ends  log pi(EOS | prefix) - log pi_SFT(EOS | prefix), mean over the prefixes
//                       of the unit's titles after which the grammar allows EOS (segment ends):
//                       how much less (< 0) or more the policy stops than SFT where it could stop
//                       (run-on titles); 0 for the SFT unit
//   title_nll           per-token NLL (EOS included) of held-out platform titles under the unit's
//                       policy (SFT's validation set): how far the method moved the policy from the
//                       platform's titles; the SFT unit's equals data_sft_nll (descriptive)
//   open_text_nll       the same over held-out open-domain texts (the kind the SFT mix adds to keep
//                       general ability): lower is better
//   true_fluent_share   share of titles without an illegal transition (the EOS boundary included,
//                       so a title cut mid-segment counts as illegal); true_fluent_share_ended: the
//                       same over the titles that ended with EOS (a policy that writes run-on
//                       titles loses true_fluent_share through the cut, not through its grammar)
//   fluency_score_ended, fluency_pass_ended   the evaluator's fluency_score / fluency_pass over
//                       the titles that ended
//   data_auc_fluency, data_auc_style, data_auc_quality   held-out AUC of the seed's evaluators
//   data_preference_pairs, data_preference_rejected_disfluent_share, data_sft_nll
// Curves: the method's own (train_loss, chosen_log_ratio, rejected_log_ratio, reward_margin,
// ...); the sft unit also carries the seed's SFT and evaluator training curves (sft_train_nll,
// sft_validation_nll, <evaluator>_train_loss).
// Arrays, one value per test title in test-prompt order (the same prompts for every variant of a
// seed, so titles pair across variants): per_title_length, per_title_true_ctr, per_title_true_fluency,
// per_title_true_quality, per_title_fluency_score, per_title_quality_score, per_title_style_score,
// per_title_open_domain_tokens (open-domain words in the title), per_title_open_domain_mass (the
// policy's open-domain probability, mean over the title's positions).

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "algorithms/algorithm.hpp"
#include "algorithms/alignment/evaluators.hpp"
#include "algorithms/alignment/title_policy.hpp"
#include "datasets/preference_builder.hpp"
#include "datasets/title_corpus.hpp"
#include "results/store/run_types.hpp"
#include "sim/titles/title_world.hpp"

namespace simrec::scenarios {

struct Scenario;
struct VariantSpec;

struct AlignmentData {
  std::unique_ptr<sim::titles::TitleWorld> world;
  algorithms::alignment::TitleEvaluators evaluators;
  std::unique_ptr<algorithms::alignment::TitlePolicy> sft;
  datasets::PreferenceData preferences;
  datasets::TitlePrompts test_prompts;
  // Held-out text the policies' NLL is measured on: platform titles (SFT's validation set) and
  // open-domain texts (the kind of text the SFT mix adds to keep general ability).
  datasets::TitleCorpus title_validation;
  datasets::TitleCorpus open_validation;
  std::map<std::string, double> stats;                // data_* metrics
  std::map<std::string, results::Curve> curves;       // SFT and evaluator curves (the caller fills them)
  std::uint64_t hash = 0;                             // FNV-1a of the preference data and test prompts
};

// Logs the shared stages' training through `logger` (evaluators: <name>_train_loss; SFT:
// sft_train_nll, sft_validation_nll); non-finite values throw.
AlignmentData build_alignment_data(const Scenario& sc, std::uint64_t seed, algorithms::TrainingLogger& logger);

void run_alignment_unit(const Scenario& sc, const VariantSpec& v, const AlignmentData& data, std::uint64_t seed,
                        results::UnitResult& unit, algorithms::TrainingLogger& logger);

}  // namespace simrec::scenarios
