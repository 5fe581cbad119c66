// TitleWorld: hidden attributes of any token sequence, the ground-truth CTR, the two annotators
// (formulas in title_world.hpp).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/random/distributions.hpp"
#include "sim/random/philox.hpp"
#include "sim/titles/title_world.hpp"

namespace simrec::sim::titles {

TitleAttributes TitleWorld::attributes(std::uint32_t industry, std::span<const std::uint32_t> keywords,
                                       std::span<const std::uint32_t> title) const {
  TitleAttributes a;
  const std::size_t L = title.size();
  a.length = std::uint32_t(L);
  a.fluency = grammar_.fluency(title);

  double style_sum = 0;
  int style_count = 0;
  for (std::size_t i = 0; i < L; ++i) {
    const std::uint32_t t = title[i];
    const TokenClass c = grammar_.token_class(t);
    const int f = feature_of(c);
    if (f >= 0) a.features[f] = std::max(a.features[f], token_strength_[t]);
    if (c == TokenClass::Keyword && grammar_.industry_of(t) != industry) ++a.offtopic;
    if (c != TokenClass::Connector && std::find(title.begin(), title.begin() + std::ptrdiff_t(i), t) != title.begin() + std::ptrdiff_t(i))
      ++a.repeats;
    if (c == TokenClass::StyleOpen && i + 1 < L && grammar_.token_class(title[i + 1]) == TokenClass::StyleClose) {
      const std::uint32_t k = grammar_.index_in_block(t), m = grammar_.index_in_block(title[i + 1]);
      style_sum += m == platform_closer_[k] ? 1.0 : m == generic_closer_[k] ? 0.0 : 0.5;
      ++style_count;
    }
  }
  a.style = style_count > 0 ? style_sum / style_count : 0.5;
  const double cl = double(config_.concise_length);
  a.features[kConcise] = L == 0 ? 0.0 : double(L) <= cl ? 1.0 : std::max(0.0, 1.0 - (double(L) - cl) / cl);

  if (!keywords.empty()) {
    std::size_t present = 0;
    for (std::uint32_t k : keywords) present += std::find(title.begin(), title.end(), k) != title.end() ? 1 : 0;
    a.keyword_coverage = double(present) / double(keywords.size());
  }

  double logit = industry_base_logit(industry);
  for (int f = 0; f < kNumQualityFeatures; ++f) logit += config_.ctr_feature[f] * a.features[f];
  logit += config_.ctr_style * (a.style - 0.5) + config_.ctr_keyword * a.keyword_coverage;
  logit -= config_.ctr_disfluency * (1.0 - a.fluency);
  logit -= config_.ctr_length * std::max(0.0, double(L) - double(config_.long_length));
  logit -= config_.ctr_repetition * a.repeats + config_.ctr_offtopic * a.offtopic;
  a.ctr_logit = logit;
  a.ctr = random::sigmoid(logit);
  return a;
}

double TitleWorld::ctr(std::uint32_t industry, std::span<const std::uint32_t> keywords,
                       std::span<const std::uint32_t> title) const {
  return attributes(industry, keywords, title).ctr;
}

double TitleWorld::annotator_mean_score(int annotator, const TitleAttributes& a) const {
  if (annotator != 0 && annotator != 1)
    throw std::invalid_argument("TitleWorld::annotate: annotator = " + std::to_string(annotator) + ": allowed 0 or 1");
  double s = -2.0 * (1.0 - a.fluency);
  for (int f = 0; f < kNumQualityFeatures; ++f) s += annotator_weights_[annotator][f] * a.features[f];
  return s;
}

bool TitleWorld::annotate(int annotator, const TitleAttributes& a, std::uint64_t index) const {
  const double mean = annotator_mean_score(annotator, a);
  random::Rng rng(seed_, annotator == 0 ? "titles/annotator/0" : "titles/annotator/1", index);
  return mean + config_.annotator_noise * random::standard_normal(rng) > config_.annotator_threshold;
}

}  // namespace simrec::sim::titles
