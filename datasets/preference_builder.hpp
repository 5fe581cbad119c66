#pragma once
// Preference data from scored samples (SPEC §6 alignment; article 002 §2.3): the SFT policy
// writes K candidate titles per prompt, the evaluators score each, and this turns the scores into
// DPO / IPO pairs and KTO / KTON unpaired feedback -- the same titles for every method, so the
// methods differ only in their loss.
//
// Per prompt i with candidates j = 0..K-1 (candidate (i, j) at row i K + j), fluency score f_ij
// and quality score q_ij in [0, 1] (evaluator probabilities):
//   combined c_ij = f_ij^w * q_ij   (w = fluency_weight; w = 1: a title must be both fluent and
//                                    good, a disfluent title scores low whatever its quality;
//                                    w = 0: quality alone, as when annotators judge the content
//                                    and fluency is left to the admission bar)
//   chosen   = argmax_j c_ij,  rejected = argmin_j c_ij  (ties: the lower j)
//   -- or, with rejected_rank = r >= 1, the candidate ranked r + 1 (the r-th best after the
//   chosen one; r = 1: the closest pair) by c descending (ties: the lower j), capped at the worst
//   the prompt is kept when c_chosen - c_rejected >= min_margin and the two titles differ.
// Pairs: (prompt, chosen, rejected). Feedback: the chosen title desirable and the rejected one
// undesirable, in prompt order (chosen first). Stats count prompts kept and how many rejected
// titles fall below the fluency bar (the "negative sample" the article's KTON guards).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "datasets/title_corpus.hpp"

namespace simrec::datasets {

struct PreferenceRule {
  double min_margin = 0.1;    // in combined-score units
  double fluency_weight = 1;  // w in [0, 1]: the fluency score's exponent in the combined score
  std::size_t rejected_rank = 0;  // 0: the worst candidate; r >= 1: the (r + 1)-th best
  double fluency_bar = 0.96;  // only for the statistics
};

struct PreferenceStats {
  std::size_t prompts = 0, kept = 0;
  std::size_t rejected_disfluent = 0;  // kept pairs whose rejected title has f < fluency_bar
  std::size_t chosen_disfluent = 0;
  double mean_chosen_score = 0, mean_rejected_score = 0;  // combined scores over kept pairs
};

struct PreferenceData {
  PreferencePairs pairs;
  UnpairedFeedback feedback;
  PreferenceStats stats;
  std::vector<std::size_t> chosen_row;  // per pair: the candidate row (i K + j) of its chosen title
};

// prompts.size() = P; candidates.size() = fluency.size() = quality.size() = P K.
PreferenceData build_preferences(const TitlePrompts& prompts, const TokenSequences& candidates, std::size_t samples_per_prompt,
                                 std::span<const float> fluency, std::span<const float> quality, const PreferenceRule& rule);

// Near-duplicate bad cases: every pair's rejected title replaced by corrupted[k], a corruption of
// pair k's chosen title (sim/titles TitleWorld::corrupt: the article's fluency negatives, two
// non-edge tokens replaced, dropped or swapped), so chosen and rejected share all but ~2 tokens.
// Pairs whose corruption equals the chosen title (shorter than 4 tokens: the recipe leaves them)
// are dropped; the feedback is rebuilt the same way (desirable = chosen, undesirable = its
// corruption, in pair order); the stats describe the result (chosen side from the candidates'
// scores, rejected side from the corruptions'). Throws std::invalid_argument on size mismatches.
struct ScoredTitles {
  std::span<const float> fluency, quality;  // evaluator scores, one per title
};
PreferenceData with_corrupted_rejected(const PreferenceData& data, const ScoredTitles& candidates, const TokenSequences& corrupted,
                                       const ScoredTitles& corrupted_scores, const PreferenceRule& rule);

// Threshold feedback for KTO / KTON, built without pairs (article 002 §2.3.3: the product team
// marks bad cases, and a title that is not a bad case is not thereby a good one): every
// candidate is labelled on its own by its combined score c = f^w q (w = rule.fluency_weight):
// desirable when c >= desirable_min, undesirable when c <= undesirable_max, left out in between;
// a title repeated within its prompt counts once (its first row). Output in candidate order. The
// two counts are in general unequal -- KTO's lambda_D / lambda_U are there to balance them.
// Throws std::invalid_argument on size mismatches or thresholds outside 0 <= undesirable_max <
// desirable_min <= 1.
struct FeedbackThresholds {
  double desirable_min = 0.5;
  double undesirable_max = 0.2;
};
struct ThresholdFeedback {
  UnpairedFeedback feedback;
  std::size_t desirable = 0, undesirable = 0, left_out = 0, repeats = 0;  // candidates by outcome
};
ThresholdFeedback threshold_feedback(const TitlePrompts& prompts, const TokenSequences& candidates, std::size_t samples_per_prompt,
                                     const ScoredTitles& scores, const PreferenceRule& rule, const FeedbackThresholds& thresholds);

}  // namespace simrec::datasets
