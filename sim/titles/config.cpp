#include "sim/titles/config.hpp"

#include <vector>

namespace simrec::sim::titles {

namespace {

using C = TitleWorldConfig;
constexpr double kMaxVocabPart = 100000;

#define K(field, lo, hi, help) SIMREC_KNOB(C, field, lo, hi, help)
#define KN(name, field, lo, hi, help) SIMREC_KNOB_NAMED(C, name, field, lo, hi, help)

const std::vector<TitleWorldKnob>& knob_table() {
  static const std::vector<TitleWorldKnob> table = {
      // vocabulary
      K(num_industries, 1, 1000, "industries (advertiser verticals); prompt industry num_industries means 'none' (open domain)"),
      K(keywords_per_industry, 3, kMaxVocabPart, "keyword tokens kw_i_j per industry"),
      K(nouns_per_industry, 2, kMaxVocabPart, "business-domain product words noun_i_j per industry"),
      K(num_adjectives, 2, kMaxVocabPart, "adjectives adj_k (agree with keywords / nouns of the same parity)"),
      K(num_connectors, 9, kMaxVocabPart, "connector tokens fn_k: the common-token table used by the corruption"),
      K(style_phrases, 2, kMaxVocabPart, "style phrase openers open_k and closers close_k (each)"),
      K(feature_tokens, 1, kMaxVocabPart, "tokens per quality-feature class (hook_k, emo_k, need_k, urg_k, chal_k, prom_k)"),
      K(open_words, 2, kMaxVocabPart, "open-domain subjects, verbs and objects (each)"),
      // shape
      K(max_title_length, 8, 256, "content tokens of the longest title / text the world writes"),
      K(concise_length, 2, 256, "a title of at most this many tokens is fully concise (feature 'concise' = 1)"),
      K(long_length, 2, 256, "the CTR's length penalty counts tokens beyond this length"),
      K(adjective_rate, 0, 1, "probability that a keyword / noun phrase carries an agreeing adjective"),
      K(filler_rate_platform, 0, 1, "platform titles: probability of each of two noun filler phrases"),
      K(filler_rate_generic, 0, 1, "generic-generator titles: probability of each of two noun filler phrases"),
      // style
      K(style_strength, 0, 1, "probability that a style phrase / segment order follows its source's convention (0: platform = generic)"),
      K(max_style_phrases, 1, 4, "style phrases per platform / generic title: uniform in 1..max"),
      // rates per source
      KN("platform_hook_rate", platform_rates[0], 0, 1, "platform titles: probability of a curiosity hook"),
      KN("platform_emotion_rate", platform_rates[1], 0, 1, "platform titles: probability of an emotional-resonance token"),
      KN("platform_concise_rate", platform_rates[2], 0, 1, "platform titles: probability of a concise title (no filler, at most one extra feature)"),
      KN("platform_need_rate", platform_rates[3], 0, 1, "platform titles: probability of a direct-need token"),
      KN("platform_urgency_rate", platform_rates[4], 0, 1, "platform titles: probability of an urgency token"),
      KN("platform_challenge_rate", platform_rates[5], 0, 1, "platform titles: probability of a challenge token"),
      KN("platform_promise_rate", platform_rates[6], 0, 1, "platform titles: probability of a promise token"),
      KN("generic_hook_rate", generic_rates[0], 0, 1, "generic titles: probability of a curiosity hook"),
      KN("generic_emotion_rate", generic_rates[1], 0, 1, "generic titles: probability of an emotional-resonance token"),
      KN("generic_concise_rate", generic_rates[2], 0, 1, "generic titles: probability of a concise title"),
      KN("generic_need_rate", generic_rates[3], 0, 1, "generic titles: probability of a direct-need token"),
      KN("generic_urgency_rate", generic_rates[4], 0, 1, "generic titles: probability of an urgency token"),
      KN("generic_challenge_rate", generic_rates[5], 0, 1, "generic titles: probability of a challenge token"),
      KN("generic_promise_rate", generic_rates[6], 0, 1, "generic titles: probability of a promise token"),
      K(feature_strength_min, 0, 1, "a feature token's strength (its feature value) ~ U(min, 1), drawn once per token"),
      // CTR
      K(ctr_base, -20, 20, "mean industry base logit of the ground-truth CTR"),
      K(ctr_industry_sd, 0, 10, "sd of the industry base logit around ctr_base"),
      KN("ctr_hook", ctr_feature[0], -10, 10, "CTR logit per unit of the curiosity-hook feature"),
      KN("ctr_emotion", ctr_feature[1], -10, 10, "CTR logit per unit of emotional resonance"),
      KN("ctr_concise", ctr_feature[2], -10, 10, "CTR logit per unit of conciseness"),
      KN("ctr_need", ctr_feature[3], -10, 10, "CTR logit per unit of direct need"),
      KN("ctr_urgency", ctr_feature[4], -10, 10, "CTR logit per unit of urgency"),
      KN("ctr_challenge", ctr_feature[5], -10, 10, "CTR logit per unit of challenge"),
      KN("ctr_promise", ctr_feature[6], -10, 10, "CTR logit per unit of promise"),
      K(ctr_style, -10, 10, "CTR logit per unit of (platform style - 0.5)"),
      K(ctr_keyword, -10, 10, "CTR logit per unit of keyword coverage"),
      K(ctr_disfluency, 0, 20, "CTR logit penalty per unit of (1 - fluency)"),
      K(ctr_length, 0, 10, "CTR logit penalty per token beyond long_length"),
      K(ctr_repetition, 0, 10, "CTR logit penalty per repeated non-connector token"),
      K(ctr_offtopic, 0, 10, "CTR logit penalty per keyword token of another industry"),
      // annotators
      K(annotator_noise, 0, 10, "sd of the Gaussian noise of each annotator judgement"),
      K(annotator_weight_jitter, 0, 3, "log-sd of an annotator's per-feature weight factor (0: both annotators weigh alike)"),
      K(annotator_threshold, -10, 20, "an annotator says 'excellent' iff its noisy weighted feature sum exceeds this"),
  };
  return table;
}

#undef K
#undef KN

void require(bool ok, const std::string& message) {
  if (!ok) throw config::ConfigError(message);
}

}  // namespace

std::span<const TitleWorldKnob> title_world_knobs() { return knob_table(); }

void TitleWorldConfig::validate() const {
  config::check_knobs<TitleWorldConfig>(*this, title_world_knobs(), "titles");
  using config::format_value;
  require(concise_length <= max_title_length,
          "titles.concise_length = " + format_value(double(concise_length)) +
              " is out of range: allowed [2, titles.max_title_length = " + format_value(double(max_title_length)) + "]");
  const double vocab = 3.0 + double(num_industries) * double(keywords_per_industry + nouns_per_industry) +
                       double(num_adjectives + num_connectors) + 2.0 * double(style_phrases) +
                       6.0 * double(feature_tokens) + 3.0 * double(open_words);
  require(vocab <= 4e9, "titles: vocabulary of " + format_value(vocab) +
                            " tokens is out of range: allowed at most 4e9 (lower titles.keywords_per_industry or titles.num_industries)");
}

std::string TitleWorldConfig::to_text() const {
  return config::knobs_to_text<TitleWorldConfig>(*this, title_world_knobs());
}

std::uint64_t TitleWorldConfig::hash() const { return config::text_hash(to_text()); }

void TitleWorldConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<TitleWorldConfig>(*this, title_world_knobs(), "titles", name, value);
}

}  // namespace simrec::sim::titles
