#include "sim/titles/grammar.hpp"

#include <cassert>

#include "datasets/title_corpus.hpp"
#include "sim/random/philox.hpp"

namespace simrec::sim::titles {

namespace {

constexpr TokenClass kFeatureClasses[kNumQualityFeatures] = {
    TokenClass::Hook, TokenClass::Emotion, TokenClass::Reserved /* concise: no tokens */, TokenClass::Need,
    TokenClass::Urgency, TokenClass::Challenge, TokenClass::Promise};
constexpr const char* kFeaturePrefix[kNumQualityFeatures] = {"hook", "emo", "", "need", "urg", "chal", "prom"};
// Position of each feature in the feature-token block (concise has none).
constexpr int kFeatureSlot[kNumQualityFeatures] = {0, 1, -1, 2, 3, 4, 5};


bool ends_segment(TokenClass c) {
  switch (c) {
    case TokenClass::Keyword: case TokenClass::Noun: case TokenClass::StyleClose: case TokenClass::Object:
      return true;
    default:
      return feature_of(c) >= 0;
  }
}

}  // namespace

int feature_of(TokenClass c) {
  for (int f = 0; f < kNumQualityFeatures; ++f)
    if (f != kConcise && kFeatureClasses[f] == c) return f;
  return -1;
}

SegmentKind feature_segment(int feature) {
  assert(feature >= 0 && feature < kNumQualityFeatures && feature != kConcise);
  return SegmentKind(kFirstFeatureSegment + kFeatureSlot[feature]);
}

TokenClass feature_class(int feature) {
  assert(feature >= 0 && feature < kNumQualityFeatures && feature != kConcise);
  return kFeatureClasses[feature];
}

TitleGrammar::TitleGrammar(const TitleWorldConfig& c, std::uint64_t seed)
    : kw_per_(std::uint32_t(c.keywords_per_industry)),
      noun_per_(std::uint32_t(c.nouns_per_industry)),
      num_industries_(std::uint32_t(c.num_industries)),
      feature_per_(std::uint32_t(c.feature_tokens)),
      style_n_(std::uint32_t(c.style_phrases)),
      open_n_(std::uint32_t(c.open_words)) {
  kw0_ = datasets::kFirstContentToken;
  noun0_ = kw0_ + num_industries_ * kw_per_;
  adj0_ = noun0_ + num_industries_ * noun_per_;
  fn0_ = adj0_ + std::uint32_t(c.num_adjectives);
  open0_ = fn0_ + std::uint32_t(c.num_connectors);
  close0_ = open0_ + style_n_;
  feat0_ = close0_ + style_n_;
  subj0_ = feat0_ + 6 * feature_per_;
  verb0_ = subj0_ + open_n_;
  obj0_ = verb0_ + open_n_;
  vocab_size_ = obj0_ + open_n_;

  // Connector frames: kind k mod 9 always, each other kind with probability 1/4.
  const std::uint32_t n_fn = std::uint32_t(c.num_connectors);
  frames_.resize(n_fn);
  for (std::uint32_t k = 0; k < n_fn; ++k) {
    random::Rng rng(seed, "titles/connector_frame", k);
    std::uint16_t frame = std::uint16_t(1u << (k % kNumSegmentKinds));
    for (int b = 0; b < kNumSegmentKinds; ++b)
      if (rng.uniform() < 0.25) frame |= std::uint16_t(1u << b);
    frames_[k] = frame;
    for (int b = 0; b < kNumSegmentKinds; ++b)
      if (frame & (1u << b)) by_kind_[b].push_back(connector(k));
  }
}

std::uint32_t TitleGrammar::feature_token(int feature, std::uint32_t k) const {
  assert(kFeatureSlot[feature] >= 0 && k < feature_per_);
  return feat0_ + std::uint32_t(kFeatureSlot[feature]) * feature_per_ + k;
}

TokenClass TitleGrammar::token_class(std::uint32_t t) const {
  if (t < kw0_ || t >= vocab_size_) return TokenClass::Reserved;
  if (t < noun0_) return TokenClass::Keyword;
  if (t < adj0_) return TokenClass::Noun;
  if (t < fn0_) return TokenClass::Adjective;
  if (t < open0_) return TokenClass::Connector;
  if (t < close0_) return TokenClass::StyleOpen;
  if (t < feat0_) return TokenClass::StyleClose;
  if (t < subj0_) {
    const std::uint32_t slot = (t - feat0_) / feature_per_;
    static constexpr TokenClass by_slot[6] = {TokenClass::Hook, TokenClass::Emotion, TokenClass::Need,
                                              TokenClass::Urgency, TokenClass::Challenge, TokenClass::Promise};
    return by_slot[slot];
  }
  if (t < verb0_) return TokenClass::Subject;
  if (t < obj0_) return TokenClass::Verb;
  return TokenClass::Object;
}

std::uint32_t TitleGrammar::industry_of(std::uint32_t t) const {
  const TokenClass c = token_class(t);
  if (c == TokenClass::Keyword) return (t - kw0_) / kw_per_;
  if (c == TokenClass::Noun) return (t - noun0_) / noun_per_;
  return num_industries_;
}

std::uint32_t TitleGrammar::index_in_block(std::uint32_t t) const {
  switch (token_class(t)) {
    case TokenClass::Keyword: return (t - kw0_) % kw_per_;
    case TokenClass::Noun: return (t - noun0_) % noun_per_;
    case TokenClass::Adjective: return t - adj0_;
    case TokenClass::Connector: return t - fn0_;
    case TokenClass::StyleOpen: return t - open0_;
    case TokenClass::StyleClose: return t - close0_;
    case TokenClass::Subject: return t - subj0_;
    case TokenClass::Verb: return t - verb0_;
    case TokenClass::Object: return t - obj0_;
    case TokenClass::Reserved: return t;
    default: return (t - feat0_) % feature_per_;
  }
}

std::string TitleGrammar::token_text(std::uint32_t t) const {
  if (t == datasets::kPadToken) return "<pad>";
  if (t == datasets::kBosToken) return "<bos>";
  if (t == datasets::kEosToken) return "<eos>";
  const std::string k = std::to_string(index_in_block(t));
  switch (token_class(t)) {
    case TokenClass::Keyword: return "kw_" + std::to_string(industry_of(t)) + "_" + k;
    case TokenClass::Noun: return "noun_" + std::to_string(industry_of(t)) + "_" + k;
    case TokenClass::Adjective: return "adj_" + k;
    case TokenClass::Connector: return "fn_" + k;
    case TokenClass::StyleOpen: return "open_" + k;
    case TokenClass::StyleClose: return "close_" + k;
    case TokenClass::Subject: return "subj_" + k;
    case TokenClass::Verb: return "verb_" + k;
    case TokenClass::Object: return "obj_" + k;
    case TokenClass::Reserved: return "<unk_" + std::to_string(t) + ">";
    default: return std::string(kFeaturePrefix[feature_of(token_class(t))]) + "_" + k;
  }
}

const std::vector<std::uint32_t>& TitleGrammar::connectors_for(SegmentKind kind) const {
  return by_kind_[kind];
}

int TitleGrammar::kind_started_by(std::uint32_t t) const {
  const TokenClass c = token_class(t);
  switch (c) {
    case TokenClass::Adjective: case TokenClass::Keyword: case TokenClass::Noun: return kPhraseSegment;
    case TokenClass::StyleOpen: return kStyleSegment;
    case TokenClass::Subject: return kClauseSegment;
    default: return feature_of(c) >= 0 ? feature_segment(feature_of(c)) : -1;
  }
}

bool TitleGrammar::legal(std::uint32_t prev, std::uint32_t next) const {
  if (prev == datasets::kBosToken) return next != datasets::kEosToken && kind_started_by(next) >= 0;
  const TokenClass a = token_class(prev);
  if (next == datasets::kEosToken) return ends_segment(a);
  const TokenClass b = token_class(next);
  switch (a) {
    case TokenClass::Adjective:  // agreement: same id parity
      return (b == TokenClass::Keyword || b == TokenClass::Noun) && index_in_block(prev) % 2 == index_in_block(next) % 2;
    case TokenClass::StyleOpen: return b == TokenClass::StyleClose;
    case TokenClass::Subject: return b == TokenClass::Verb;
    case TokenClass::Verb: return b == TokenClass::Object;
    case TokenClass::Connector: {
      const int kind = kind_started_by(next);
      return kind >= 0 && (frames_[index_in_block(prev)] & (1u << kind)) != 0;
    }
    case TokenClass::Reserved: return false;
    default: return ends_segment(a) && b == TokenClass::Connector;
  }
}

double TitleGrammar::fluency(std::span<const std::uint32_t> text) const {
  if (text.empty()) return 0.0;
  std::size_t ok = legal(datasets::kBosToken, text.front()) ? 1 : 0;
  // A reserved id inside a text (BOS, EOS, PAD, out of range) breaks both of its pairs.
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    ok += token_class(text[i]) != TokenClass::Reserved && legal(text[i], text[i + 1]) ? 1 : 0;
  ok += legal(text.back(), datasets::kEosToken) ? 1 : 0;
  return double(ok) / double(text.size() + 1);
}

std::size_t TitleGrammar::open_domain_tokens(std::span<const std::uint32_t> text) const {
  std::size_t n = 0;
  for (const std::uint32_t t : text) n += open_domain(t) ? 1 : 0;
  return n;
}

}  // namespace simrec::sim::titles
