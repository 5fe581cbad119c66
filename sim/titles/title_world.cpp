// TitleWorld: construction, prompts, the two title sources, the corruption, the SFT texts.
// Attributes, CTR and annotators live in title_attributes.cpp.
#include "sim/titles/title_world.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/random/distributions.hpp"
#include "sim/random/philox.hpp"

namespace simrec::sim::titles {

namespace {

using datasets::TitleCorpus;
using datasets::TitlePrompts;
using datasets::TokenSequences;
using random::Rng;

std::string stream_name(std::string_view what, std::string_view stream) {
  return "titles/" + std::string(what) + "/" + std::string(stream);
}

template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// A segment under construction: its kind, its rank in the source's conventional order, its tokens.
struct Segment {
  SegmentKind kind;
  int group;  // 0 feature, 1 style, 2 keyword phrase, 3 noun filler
  std::vector<std::uint32_t> tokens;
};

constexpr int kPlatformRank[4] = {0, 1, 2, 3};  // feature, style, phrase, filler
constexpr int kGenericRank[4] = {3, 2, 0, 1};   // phrase, filler, style, feature

std::size_t joined_length(const std::vector<Segment>& segs) {
  std::size_t n = segs.empty() ? 0 : segs.size() - 1;
  for (const Segment& s : segs) n += s.tokens.size();
  return n;
}

}  // namespace

TitleWorld::TitleWorld(const TitleWorldConfig& config, std::uint64_t seed)
    : config_((config.validate(), config)), seed_(seed), grammar_(config, seed) {
  const auto n_ind = std::size_t(config_.num_industries);
  industry_base_.resize(n_ind);
  for (std::size_t i = 0; i < n_ind; ++i) {
    Rng rng(seed_, "titles/industry", i);
    industry_base_[i] = random::normal(rng, config_.ctr_base, config_.ctr_industry_sd);
  }
  token_strength_.assign(grammar_.vocab_size(), 0.0);
  for (int f = 0; f < kNumQualityFeatures; ++f) {
    if (f == kConcise) continue;
    for (std::uint32_t k = 0; k < std::uint32_t(config_.feature_tokens); ++k) {
      const std::uint32_t t = grammar_.feature_token(f, k);
      Rng rng(seed_, "titles/feature_strength", t);
      token_strength_[t] = random::uniform_range(rng, config_.feature_strength_min, 1.0);
    }
  }
  // Style conventions: pi a random permutation, sigma(k) = pi(k + 1 mod M), so pi(k) != sigma(k).
  const auto m = std::uint32_t(config_.style_phrases);
  std::vector<std::uint32_t> pi(m);
  for (std::uint32_t k = 0; k < m; ++k) pi[k] = k;
  Rng rng(seed_, "titles/style_convention", 0);
  shuffle(pi, rng);
  platform_closer_ = pi;
  generic_closer_.resize(m);
  for (std::uint32_t k = 0; k < m; ++k) generic_closer_[k] = pi[(k + 1) % m];
  for (int a = 0; a < 2; ++a) {
    Rng wr(seed_, "titles/annotator_weights", std::uint64_t(a));
    // Jitter moves emphasis between features; the total weight stays that of the base weights.
    double base_total = 0, total = 0;
    for (int f = 0; f < kNumQualityFeatures; ++f) {
      const double base = f <= kNeed ? 1.0 : 0.5;
      annotator_weights_[a][f] = base * std::exp(config_.annotator_weight_jitter * random::standard_normal(wr));
      base_total += base, total += annotator_weights_[a][f];
    }
    for (double& w : annotator_weights_[a]) w *= base_total / total;
  }
}

datasets::TitleVocabularyInfo TitleWorld::vocabulary() const {
  return {grammar_.vocab_size(), std::uint32_t(config_.num_industries), std::uint32_t(config_.max_title_length)};
}

std::string TitleWorld::text(std::span<const std::uint32_t> tokens) const {
  std::string out;
  for (std::uint32_t t : tokens) {
    if (!out.empty()) out += ' ';
    out += grammar_.token_text(t);
  }
  return out;
}

double TitleWorld::industry_base_logit(std::uint32_t industry) const {
  return industry < industry_base_.size() ? industry_base_[industry] : config_.ctr_base;
}

std::uint32_t TitleWorld::convention_closer(TitleSource source, std::uint32_t k) const {
  return source == TitleSource::Platform ? platform_closer_[k] : generic_closer_[k];
}

TitlePrompts TitleWorld::sample_prompts(std::size_t n, std::string_view stream) const {
  TitlePrompts prompts;
  const std::string name = stream_name("prompts", stream);
  const auto n_kw = std::uint64_t(config_.keywords_per_industry);
  for (std::size_t i = 0; i < n; ++i) {
    Rng rng(seed_, name, i);
    const auto industry = std::uint32_t(rng.below(std::uint64_t(config_.num_industries)));
    const std::size_t count = 1 + rng.below(3);
    std::vector<std::uint32_t> kw;
    while (kw.size() < count) {  // distinct: keywords_per_industry >= 3
      const std::uint32_t t = grammar_.keyword(industry, std::uint32_t(rng.below(n_kw)));
      if (std::find(kw.begin(), kw.end(), t) == kw.end()) kw.push_back(t);
    }
    prompts.push(industry, kw);
  }
  return prompts;
}

// A [adj] head phrase; the adjective agrees with the head (same parity).
static std::vector<std::uint32_t> phrase(const TitleGrammar& g, const TitleWorldConfig& c, std::uint32_t head, Rng& rng) {
  std::vector<std::uint32_t> out;
  if (rng.uniform() < c.adjective_rate) {
    const std::uint32_t parity = g.index_in_block(head) % 2;
    const std::uint64_t n_same = (std::uint64_t(c.num_adjectives) - parity + 1) / 2;
    out.push_back(g.adjective(std::uint32_t(parity + 2 * rng.below(n_same))));
  }
  out.push_back(head);
  return out;
}

// Joins segments with connectors admitted by each next segment's kind.
static std::vector<std::uint32_t> join(const TitleGrammar& g, const std::vector<Segment>& segs, Rng& rng) {
  std::vector<std::uint32_t> out;
  for (std::size_t s = 0; s < segs.size(); ++s) {
    if (s > 0) {
      const auto& fns = g.connectors_for(segs[s].kind);
      out.push_back(fns[rng.below(fns.size())]);
    }
    out.insert(out.end(), segs[s].tokens.begin(), segs[s].tokens.end());
  }
  return out;
}

std::vector<std::uint32_t> TitleWorld::write_title(TitleSource source, std::uint32_t industry,
                                                   std::span<const std::uint32_t> keywords, std::string_view stream,
                                                   std::uint64_t index) const {
  const bool platform = source == TitleSource::Platform;
  Rng rng(seed_, stream_name(platform ? "platform" : "generic", stream), index);
  const FeatureArray& rates = platform ? config_.platform_rates : config_.generic_rates;
  const auto ft = std::uint64_t(config_.feature_tokens);

  std::vector<Segment> segs;
  for (std::uint32_t kw : keywords) segs.push_back({kPhraseSegment, 2, phrase(grammar_, config_, kw, rng)});
  const bool concise = rng.uniform() < rates[kConcise];
  std::vector<Segment> features;
  for (int f = 0; f < kNumQualityFeatures; ++f) {
    if (f == kConcise) continue;
    const bool has = rng.uniform() < rates[f];
    const std::uint32_t token = grammar_.feature_token(f, std::uint32_t(rng.below(ft)));
    if (has) features.push_back({feature_segment(f), 0, {token}});
  }
  if (concise && features.size() > 1) {
    const std::size_t keep = rng.below(features.size());
    features = {features[keep]};
  }
  segs.insert(segs.end(), features.begin(), features.end());
  const auto n_style = concise ? 1 : 1 + rng.below(std::uint64_t(config_.max_style_phrases));
  const auto m = std::uint64_t(config_.style_phrases);
  for (std::uint64_t s = 0; s < n_style; ++s) {
    const auto k = std::uint32_t(rng.below(m));
    const bool follows = rng.uniform() < config_.style_strength;
    const auto random_closer = std::uint32_t(rng.below(m));
    const std::uint32_t closer = follows ? convention_closer(source, k) : random_closer;
    segs.push_back({kStyleSegment, 1, {grammar_.style_open(k), grammar_.style_close(closer)}});
  }
  const double filler_rate = platform ? config_.filler_rate_platform : config_.filler_rate_generic;
  for (int s = 0; s < 2; ++s) {
    const bool has = !concise && rng.uniform() < filler_rate;
    const auto noun = grammar_.noun(industry, std::uint32_t(rng.below(std::uint64_t(config_.nouns_per_industry))));
    if (has) segs.push_back({kPhraseSegment, 3, phrase(grammar_, config_, noun, rng)});
  }
  // Fit the length: drop fillers, then style phrases, then features, then adjectives (last first).
  for (int group : {3, 1, 0}) {
    for (std::size_t s = segs.size(); s-- > 0 && joined_length(segs) > std::size_t(config_.max_title_length);)
      if (segs[s].group == group && segs.size() > 1) segs.erase(segs.begin() + std::ptrdiff_t(s));
  }
  for (Segment& s : segs)
    if (joined_length(segs) > std::size_t(config_.max_title_length) && s.tokens.size() == 2 && s.kind == kPhraseSegment)
      s.tokens.erase(s.tokens.begin());
  // Order: the source's convention with probability style_strength, else shuffled.
  shuffle(segs, rng);
  if (rng.uniform() < config_.style_strength) {
    const int* rank = platform ? kPlatformRank : kGenericRank;
    std::stable_sort(segs.begin(), segs.end(), [&](const Segment& a, const Segment& b) { return rank[a.group] < rank[b.group]; });
  }
  return join(grammar_, segs, rng);
}

TokenSequences TitleWorld::titles(TitleSource source, const TitlePrompts& prompts, std::string_view stream) const {
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    const auto kw = prompts.keywords.at(i);
    if (prompts.industry[i] >= std::uint32_t(config_.num_industries) || kw.empty() || kw.size() > 3)
      throw std::invalid_argument("TitleWorld::titles: prompt " + std::to_string(i) + " has industry " +
                                  std::to_string(prompts.industry[i]) + " and " + std::to_string(kw.size()) +
                                  " keywords: allowed industry in [0, titles.num_industries = " +
                                  std::to_string(config_.num_industries) + ") and 1-3 keywords");
  }
  // Title i depends on (seed, stream, i) only: write in parallel, append in order.
  std::vector<std::vector<std::uint32_t>> rows(prompts.size());
  const auto n = std::int64_t(prompts.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i)
    rows[std::size_t(i)] = write_title(source, prompts.industry[std::size_t(i)], prompts.keywords.at(std::size_t(i)), stream, std::uint64_t(i));
  TokenSequences out;
  for (const auto& row : rows) out.push(row);
  return out;
}

TokenSequences TitleWorld::platform_titles(const TitlePrompts& prompts, std::string_view stream) const {
  return titles(TitleSource::Platform, prompts, stream);
}

TokenSequences TitleWorld::generic_titles(const TitlePrompts& prompts, std::string_view stream) const {
  return titles(TitleSource::Generic, prompts, stream);
}

TokenSequences TitleWorld::corrupt(const TokenSequences& in, std::string_view stream, std::vector<CorruptionOp>* ops) const {
  TokenSequences out;
  if (ops) ops->assign(in.size(), CorruptionOp::None);
  const std::string name = stream_name("corrupt", stream);
  const auto n_fn = std::uint64_t(config_.num_connectors);
  std::vector<std::uint32_t> t;
  for (std::size_t r = 0; r < in.size(); ++r) {
    const auto src = in.at(r);
    t.assign(src.begin(), src.end());
    const std::size_t L = t.size();
    if (L < 4) {
      out.push(t);
      continue;
    }
    Rng rng(seed_, name, r);
    const std::size_t inner = L - 2;
    std::size_t a = rng.below(inner), b = rng.below(inner - 1);
    if (b >= a) ++b;
    const std::size_t i = 1 + std::min(a, b), j = 1 + std::max(a, b);
    const double u = rng.uniform();
    CorruptionOp op;
    if (u < 0.5) {
      op = CorruptionOp::Replace;
      for (std::size_t p : {i, j}) {
        // A connector different from the token replaced.
        const bool is_fn = grammar_.token_class(t[p]) == TokenClass::Connector;
        std::uint32_t k = std::uint32_t(rng.below(is_fn ? n_fn - 1 : n_fn));
        if (is_fn && k >= grammar_.index_in_block(t[p])) ++k;
        t[p] = grammar_.connector(k);
      }
    } else if (u < 0.75) {
      op = CorruptionOp::Drop;
      t.erase(t.begin() + std::ptrdiff_t(j));
      t.erase(t.begin() + std::ptrdiff_t(i));
    } else {
      op = CorruptionOp::Swap;
      // Swapping two equal tokens would return the title unchanged -- a "corruption" that is the
      // real title, labelled disfluent. As a replacement always differs from the token it
      // replaces, a swap exchanges two different tokens: if t_i = t_j, the partner of i is drawn
      // uniformly among the other non-edge positions holding a different token (none: unchanged).
      std::size_t partner = j;
      if (t[i] == t[j]) {
        std::size_t candidates = 0;
        for (std::size_t p = 1; p + 1 < L; ++p) candidates += t[p] != t[i] ? 1 : 0;
        partner = i;
        if (candidates > 0) {
          std::size_t pick = rng.below(candidates);
          for (std::size_t p = 1; p + 1 < L; ++p)
            if (t[p] != t[i] && pick-- == 0) {
              partner = p;
              break;
            }
        }
      }
      std::swap(t[i], t[partner]);
    }
    if (ops) (*ops)[r] = op;
    out.push(t);
  }
  return out;
}

TitleCorpus TitleWorld::business_texts(std::size_t n, std::string_view stream) const {
  TitleCorpus corpus;
  const std::string name = stream_name("business", stream);
  const auto n_noun = std::uint64_t(config_.nouns_per_industry);
  for (std::size_t r = 0; r < n; ++r) {
    Rng rng(seed_, name, r);
    const auto industry = std::uint32_t(rng.below(std::uint64_t(config_.num_industries)));
    const std::size_t count = 1 + rng.below(2);
    std::vector<std::uint32_t> nouns;
    while (nouns.size() < count) {  // nouns_per_industry >= 2
      const std::uint32_t t = grammar_.noun(industry, std::uint32_t(rng.below(n_noun)));
      if (std::find(nouns.begin(), nouns.end(), t) == nouns.end()) nouns.push_back(t);
    }
    std::vector<Segment> segs;
    for (std::uint32_t t : nouns) segs.push_back({kPhraseSegment, 2, phrase(grammar_, config_, t, rng)});
    const std::uint64_t n_feat = rng.below(3);
    for (std::uint64_t f = 0; f < n_feat; ++f) {
      static constexpr int kTokenFeatures[6] = {kHook, kEmotion, kNeed, kUrgency, kChallenge, kPromise};
      const int feature = kTokenFeatures[rng.below(6)];
      segs.push_back({feature_segment(feature), 0, {grammar_.feature_token(feature, std::uint32_t(rng.below(std::uint64_t(config_.feature_tokens))))}});
    }
    if (rng.uniform() < 0.5)
      segs.push_back({kPhraseSegment, 3, phrase(grammar_, config_, grammar_.noun(industry, std::uint32_t(rng.below(n_noun))), rng)});
    // At most 2 phrases (4) + 2 features + 1 filler (2) + 4 connectors = 12 tokens; without the
    // filler and the features 5, which fits any max_title_length (>= 8).
    for (int group : {3, 0})
      for (std::size_t s = segs.size(); s-- > 0 && joined_length(segs) > std::size_t(config_.max_title_length);)
        if (segs[s].group == group) segs.erase(segs.begin() + std::ptrdiff_t(s));
    shuffle(segs, rng);
    corpus.prompts.push(industry, nouns);
    corpus.titles.push(join(grammar_, segs, rng));
  }
  return corpus;
}

TitleCorpus TitleWorld::open_texts(std::size_t n, std::string_view stream) const {
  TitleCorpus corpus;
  const std::string name = stream_name("open", stream);
  const auto w = std::uint64_t(config_.open_words);
  // Clauses of 3 tokens plus connectors: at most (max_title_length + 1) / 4 of them.
  const std::uint64_t max_clauses = std::min<std::uint64_t>(3, std::uint64_t(config_.max_title_length + 1) / 4);
  for (std::size_t r = 0; r < n; ++r) {
    Rng rng(seed_, name, r);
    std::vector<Segment> segs(1 + rng.below(max_clauses));
    for (Segment& s : segs) {
      s.kind = kClauseSegment;
      s.group = 2;
      s.tokens = {grammar_.subject(std::uint32_t(rng.below(w))), grammar_.verb(std::uint32_t(rng.below(w))),
                  grammar_.object(std::uint32_t(rng.below(w)))};
    }
    corpus.prompts.push(std::uint32_t(config_.num_industries), {});
    corpus.titles.push(join(grammar_, segs, rng));
  }
  return corpus;
}

}  // namespace simrec::sim::titles
