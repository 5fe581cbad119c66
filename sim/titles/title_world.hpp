#pragma once
// TitleWorld: the hidden truth of the alignment family (SPEC §3 "Title world", §6 alignment,
// article 002). It writes ad titles from 1-3 keywords under the grammar of grammar.hpp, in two
// styles ("platform" titles, the real titles of the ad platform, and "generic generator" titles,
// a zero-shot LLM's), corrupts titles with the article's recipe, writes the business-domain and
// open-domain texts of the SFT mix, and scores ANY token sequence (so a trained policy's titles
// can be judged): fluency, platform style, seven quality features, keyword coverage and a
// ground-truth CTR; two noisy quality annotators label titles "excellent" or not.
//
// Sources (each draw keyed by (seed, "titles/<what>/" + stream, index), so every title depends only
// on its index; titles are written in parallel (OpenMP) and are bit-identical for any thread count):
//   platform title   one phrase [adj] kw per prompt keyword; feature f (hook, emotion, need,
//                    urgency, challenge, promise) with probability platform_rates[f]; with
//                    probability platform_rates[concise] the title is concise (no noun filler, at
//                    most one feature segment), else up to two noun fillers (filler_rate_platform);
//                    1..max_style_phrases style phrases open_k close_pi(k); segments in the
//                    platform order (feature, style, phrase, filler) with probability style_strength,
//                    else shuffled; connectors uniform among those whose frame admits the next segment's kind.
//   generic title    the same with generic_rates / filler_rate_generic, closers close_sigma(k) and
//                    the generic order (phrase, filler, style, feature).
//   Style: pi and sigma are two fixed permutations without common points; with probability
//   style_strength a phrase uses its source's closer, else a uniform one. Every opener and closer
//   is equally frequent in both sources, so no single token separates them: the pairing (a bigram)
//   and the segment order (position) do.
//   corrupt          the article's recipe on tokens: pick two distinct non-edge positions
//                    1 <= i < j <= L - 2 (titles with L < 4 are returned unchanged); then with
//                    probability 1/2 replace BOTH tokens by connectors (the common-token table), each
//                    different from the token it replaces; with 1/4 drop both (length L - 2); with
//                    1/4 swap them (length L; if the two tokens are equal, the first is swapped
//                    with a uniformly drawn other non-edge position holding a different token, so a
//                    swap never returns the title unchanged). We read "选取...两个非首尾的汉字, 50% 替换..., 25%
//                    丢弃, 25% 交换二者的位置" as one operation applied to the chosen pair.
//   business text    ad copy of an industry, not tied to keywords: prompt = industry + 1-2 of its
//                    nouns; text = one [adj] noun phrase per prompt noun, 0-2 feature segments,
//                    0-1 noun filler, shuffled; no style phrases.
//   open text        general sentences: prompt industry = num_industries ("none"), NO keywords;
//                    text = 1-3 clauses subj verb obj joined by clause connectors.
//
// Hidden attributes of a text t for prompt (industry, keywords):
//   fluency       grammar fluency (grammar.hpp), in [0, 1]
//   style         mean over the style phrases (open_k immediately followed by close_m) of
//                 1 if m = pi(k), 0 if m = sigma(k), 1/2 otherwise; 1/2 when there is none
//   features[f]   f != concise: the largest strength among t's tokens of class f (0 if none);
//                 concise: 1 if L <= concise_length, else max(0, 1 - (L - concise_length) / concise_length)
//   keyword_coverage  fraction of the prompt keywords present in t (0 for an empty keyword list)
//   repeats       number of non-connector tokens that occur again earlier in t
//   offtopic      number of keyword tokens of other industries
//   ctr = sigmoid(base[industry] + sum_f ctr_feature[f] features[f] + ctr_style (style - 1/2)
//                 + ctr_keyword keyword_coverage - ctr_disfluency (1 - fluency)
//                 - ctr_length max(0, L - long_length) - ctr_repetition repeats - ctr_offtopic offtopic)
//   base[industry] ~ N(ctr_base, ctr_industry_sd^2) (stream "titles/industry"); industry
//   num_industries ("none") uses ctr_base.
//
// Annotators a in {0, 1}: score_a = sum_f w_af features[f] - 2 (1 - fluency) + annotator_noise z,
//   z ~ N(0, 1) keyed by (seed, "titles/annotator/<a>", index); w_af = base_f exp(jitter g_af),
//   base = 1 for the four main features, 0.5 for the secondary ones, g_af ~ N(0, 1) drawn once per
//   world (stream "titles/annotator_weights"), then rescaled so sum_f w_af = sum_f base_f (the
//   jitter moves emphasis between features, not the overall bar); "excellent" iff
//   score_a > annotator_threshold.
//   The caller chooses `index` (e.g. the title's row in its data set): the same (a, index,
//   attributes) always gives the same label, different indices give independent noise.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/title_corpus.hpp"
#include "sim/titles/config.hpp"
#include "sim/titles/grammar.hpp"

namespace simrec::sim::titles {

enum class TitleSource : std::uint8_t { Platform = 0, Generic = 1 };

// What a corruption did (for tests and reports).
enum class CorruptionOp : std::uint8_t { None = 0, Replace = 1, Drop = 2, Swap = 3 };

struct TitleAttributes {
  double fluency = 0;
  double style = 0.5;
  FeatureArray features{};  // indexed by QualityFeature
  double keyword_coverage = 0;
  int repeats = 0;
  int offtopic = 0;
  std::uint32_t length = 0;
  double ctr_logit = 0;
  double ctr = 0;
};

class TitleWorld {
 public:
  // Validates the config (ConfigError naming titles.KNOB otherwise).
  TitleWorld(const TitleWorldConfig& config, std::uint64_t seed);

  const TitleWorldConfig& config() const { return config_; }
  std::uint64_t seed() const { return seed_; }
  const TitleGrammar& grammar() const { return grammar_; }

  datasets::TitleVocabularyInfo vocabulary() const;
  std::string token_text(std::uint32_t token) const { return grammar_.token_text(token); }
  // Space-separated token texts.
  std::string text(std::span<const std::uint32_t> tokens) const;

  // n prompts: industry uniform, 1-3 distinct keywords of that industry (uniform count, keywords
  // uniform without replacement, in draw order). Prompt i depends on (seed, stream, i) only.
  datasets::TitlePrompts sample_prompts(std::size_t n, std::string_view stream) const;

  // One title per prompt (title i keyed by (seed, stream, i)).
  datasets::TokenSequences platform_titles(const datasets::TitlePrompts& prompts, std::string_view stream) const;
  datasets::TokenSequences generic_titles(const datasets::TitlePrompts& prompts, std::string_view stream) const;
  datasets::TokenSequences titles(TitleSource source, const datasets::TitlePrompts& prompts, std::string_view stream) const;

  // The article's corruption of every title (see above); ops, if given, receives what was done.
  datasets::TokenSequences corrupt(const datasets::TokenSequences& titles, std::string_view stream,
                                   std::vector<CorruptionOp>* ops = nullptr) const;

  // Business-domain and open-domain SFT data (prompts and texts, see above).
  datasets::TitleCorpus business_texts(std::size_t n, std::string_view stream) const;
  datasets::TitleCorpus open_texts(std::size_t n, std::string_view stream) const;

  // Hidden attributes of any token sequence; industry may be num_industries ("none").
  TitleAttributes attributes(std::uint32_t industry, std::span<const std::uint32_t> keywords,
                             std::span<const std::uint32_t> title) const;
  // Ground-truth CTR (attributes(...).ctr).
  double ctr(std::uint32_t industry, std::span<const std::uint32_t> keywords, std::span<const std::uint32_t> title) const;

  // Annotator `annotator` (0 or 1) judges a title with these attributes "excellent"; index keys the noise.
  bool annotate(int annotator, const TitleAttributes& attributes, std::uint64_t index) const;
  // The noise-free part of the annotator's score (for reports and tests).
  double annotator_mean_score(int annotator, const TitleAttributes& attributes) const;

  double industry_base_logit(std::uint32_t industry) const;
  // The closer a style phrase open_k takes in a source's convention (pi(k) or sigma(k)).
  std::uint32_t convention_closer(TitleSource source, std::uint32_t k) const;

 private:
  std::vector<std::uint32_t> write_title(TitleSource source, std::uint32_t industry,
                                         std::span<const std::uint32_t> keywords, std::string_view stream,
                                         std::uint64_t index) const;

  TitleWorldConfig config_;
  std::uint64_t seed_;
  TitleGrammar grammar_;
  std::vector<double> industry_base_;
  std::vector<double> token_strength_;  // per token: feature strength (feature tokens), else 0
  std::vector<std::uint32_t> platform_closer_, generic_closer_;
  std::array<FeatureArray, 2> annotator_weights_{};
};

}  // namespace simrec::sim::titles
