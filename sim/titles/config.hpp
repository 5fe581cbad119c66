#pragma once
// TitleWorldConfig: every parameter of the title world (SPEC §3 "Title world", article 002), with
// its default. The knob table (title_world_knobs(), section "titles") names each field once with
// its allowed range and help text; sim/README.md ("The title world") explains how each knob enters
// the grammar, the sources, the hidden attributes, the CTR and the annotators.
//
// Quality features, in the order used by every per-feature array here and in TitleAttributes:
//   0 hook (curiosity hook), 1 emotion (emotional resonance), 2 concise, 3 need (direct need)
//   -- the article's four main features -- and 4 urgency, 5 challenge, 6 promise (secondary).
// Every feature except `concise` is carried by a token class (hook_k, emo_k, ...); `concise` is a
// property of the title's length.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"

namespace simrec::sim::titles {

inline constexpr int kNumQualityFeatures = 7;
enum QualityFeature : int { kHook = 0, kEmotion = 1, kConcise = 2, kNeed = 3, kUrgency = 4, kChallenge = 5, kPromise = 6 };
inline constexpr std::array<const char*, kNumQualityFeatures> kQualityFeatureNames = {
    "hook", "emotion", "concise", "need", "urgency", "challenge", "promise"};

using FeatureArray = std::array<double, kNumQualityFeatures>;

struct TitleWorldConfig {
  // --- vocabulary ---
  std::int64_t num_industries = 8;
  std::int64_t keywords_per_industry = 24;
  std::int64_t nouns_per_industry = 12;       // business-domain product words noun_i_j
  std::int64_t num_adjectives = 16;
  std::int64_t num_connectors = 12;           // the "common token" table (fn_k)
  std::int64_t style_phrases = 8;             // openers open_k and closers close_k
  std::int64_t feature_tokens = 6;            // tokens per feature class (hook_k, emo_k, ...)
  std::int64_t open_words = 24;               // open-domain subjects, verbs and objects (each)

  // --- title shape ---
  std::int64_t max_title_length = 24;
  std::int64_t concise_length = 10;           // titles of at most this many tokens are fully concise
  std::int64_t long_length = 16;              // the CTR's length penalty starts after this many tokens
  double adjective_rate = 0.5;                // a keyword / noun phrase carries an adjective
  double filler_rate_platform = 0.3;          // per-title probability of each of 2 noun fillers
  double filler_rate_generic = 0.5;

  // --- style (platform vs generic generator) ---
  double style_strength = 0.85;               // a style phrase / template follows its source's convention
  std::int64_t max_style_phrases = 2;         // 1..max per platform / generic title

  // --- quality-feature rates per source (probability a title carries the feature) ---
  FeatureArray platform_rates{0.45, 0.40, 0.50, 0.45, 0.25, 0.20, 0.25};
  FeatureArray generic_rates{0.30, 0.30, 0.35, 0.35, 0.20, 0.15, 0.30};
  double feature_strength_min = 0.5;          // a feature token's strength ~ U(min, 1)

  // --- ground-truth CTR: sigmoid(logit), see title_world.hpp ---
  double ctr_base = -3.5;                     // mean industry base logit
  double ctr_industry_sd = 0.4;
  FeatureArray ctr_feature{0.7, 0.6, 0.4, 0.6, 0.3, 0.25, 0.3};
  double ctr_style = 0.4;                     // per unit of (style - 0.5)
  double ctr_keyword = 0.5;                   // per unit of keyword coverage
  double ctr_disfluency = 3.0;                // per unit of (1 - fluency)
  double ctr_length = 0.1;                    // per token over long_length
  double ctr_repetition = 0.4;                // per repeated content token
  double ctr_offtopic = 0.5;                  // per keyword token of another industry

  // --- quality annotators ---
  double annotator_noise = 0.3;               // sd of the Gaussian noise added to each judgement
  double annotator_weight_jitter = 0.1;       // log-sd of each annotator's per-feature weight factor
  double annotator_threshold = 1.6;           // "excellent" iff noisy weighted sum > threshold

  // Throws config::ConfigError naming the knob, its value and the allowed range.
  void validate() const;
  std::string to_text() const;
  std::uint64_t hash() const;
  void set(std::string_view name, std::string_view value);
};

using TitleWorldKnob = config::Knob<TitleWorldConfig>;
std::span<const TitleWorldKnob> title_world_knobs();

}  // namespace simrec::sim::titles
