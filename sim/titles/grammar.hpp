#pragma once
// The title grammar: vocabulary layout, token classes and the legality of adjacent tokens.
//
// Vocabulary (ids in this order after the reserved PAD / BOS / EOS = 0 / 1 / 2):
//   kw_i_j   keyword j of industry i          (I x keywords_per_industry)
//   noun_i_j product word j of industry i      (I x nouns_per_industry)
//   adj_k    adjectives                        (num_adjectives)
//   fn_k     connectors = the common tokens    (num_connectors)
//   open_k, close_k  style phrase halves       (style_phrases each)
//   hook_k, emo_k, need_k, urg_k, chal_k, prom_k  quality-feature tokens (feature_tokens each)
//   subj_k, verb_k, obj_k  open-domain words   (open_words each)
//
// A well-formed text is a sequence of segments joined by exactly one connector:
//   text    := segment (fn segment)*
//   segment := [adj] kw | [adj] noun   (phrase; the adjective agrees: same id parity)
//            | open close              (style phrase; any pairing is grammatical)
//            | hook | emo | need | urg | chal | prom   (feature, one token)
//            | subj verb obj           (open-domain clause)
// Segment kinds: phrase, style, clause, and one kind per feature class (hook, emo, need, urg,
// chal, prom): nine in all. Connector fn_k may introduce only some kinds (its "frame", drawn once
// per world: kind k mod 9 always, each other kind with probability 1/4), so a connector "fits"
// the segment after it, as a preposition fits its complement.
//
// legal(a, b) says whether token b may follow token a (a = BOS at the start, b = EOS at the end).
// Fluency of a text of length L = (number of legal adjacent pairs among the L + 1 pairs
// BOS t_1, t_1 t_2, ..., t_L EOS) / (L + 1): 1 for every text the world writes, graded for others
// (0 for the empty text). The grammar is first-order, so adjacent pairs decide it: a bigram model
// can learn it, a bag of words cannot see a swap.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/titles/config.hpp"

namespace simrec::sim::titles {

enum class TokenClass : std::uint8_t {
  Reserved, Keyword, Noun, Adjective, Connector, StyleOpen, StyleClose,
  Hook, Emotion, Need, Urgency, Challenge, Promise, Subject, Verb, Object
};

// Segment kinds a connector may introduce (bit masks).
enum SegmentKind : std::uint8_t { kPhraseSegment = 0, kStyleSegment = 1, kClauseSegment = 2, kFirstFeatureSegment = 3 };
inline constexpr int kNumSegmentKinds = 9;
// The segment kind of a one-token feature segment of feature f (f != kConcise).
SegmentKind feature_segment(int feature);

// The feature index (QualityFeature) a token class carries, or -1.
int feature_of(TokenClass c);
// The token class carrying feature f (f != kConcise).
TokenClass feature_class(int feature);

class TitleGrammar {
 public:
  TitleGrammar(const TitleWorldConfig& config, std::uint64_t seed);

  std::uint32_t vocab_size() const { return vocab_size_; }
  TokenClass token_class(std::uint32_t token) const;
  std::string token_text(std::uint32_t token) const;

  // First id of each block; `index` counts within the block.
  std::uint32_t keyword(std::uint32_t industry, std::uint32_t j) const { return kw0_ + industry * kw_per_ + j; }
  std::uint32_t noun(std::uint32_t industry, std::uint32_t j) const { return noun0_ + industry * noun_per_ + j; }
  std::uint32_t adjective(std::uint32_t k) const { return adj0_ + k; }
  std::uint32_t connector(std::uint32_t k) const { return fn0_ + k; }
  std::uint32_t style_open(std::uint32_t k) const { return open0_ + k; }
  std::uint32_t style_close(std::uint32_t k) const { return close0_ + k; }
  std::uint32_t feature_token(int feature, std::uint32_t k) const;
  std::uint32_t subject(std::uint32_t k) const { return subj0_ + k; }
  std::uint32_t verb(std::uint32_t k) const { return verb0_ + k; }
  std::uint32_t object(std::uint32_t k) const { return obj0_ + k; }

  // Industry of a keyword or noun token (undefined for other classes).
  std::uint32_t industry_of(std::uint32_t token) const;
  // Index of a token within its block (kw j, noun j, adj k, fn k, ...).
  std::uint32_t index_in_block(std::uint32_t token) const;

  // Connector frames: which segment kinds fn_k may introduce.
  // Bit s set iff fn_k may introduce segment kind s.
  std::uint16_t connector_frame(std::uint32_t k) const { return frames_[k]; }
  // Connectors that may introduce segment kind `kind`, in id order (never empty).
  const std::vector<std::uint32_t>& connectors_for(SegmentKind kind) const;

  // Whether `next` may follow `prev` (prev = kBosToken at the start, next = kEosToken at the end).
  bool legal(std::uint32_t prev, std::uint32_t next) const;
  // Fraction of legal adjacent pairs including the BOS and EOS boundaries (see above).
  double fluency(std::span<const std::uint32_t> text) const;
  // No illegal pair (fluency 1).
  bool grammatical(std::span<const std::uint32_t> text) const { return fluency(text) >= 1.0; }
  // Tokens of the open-domain classes (subj_k, verb_k, obj_k): words of the SFT mix's open text
  // that no title of either source and no business text contains. A policy that writes them into
  // titles has drifted outside the title data (README-alignment: KTON on threshold feedback).
  std::size_t open_domain_tokens(std::span<const std::uint32_t> text) const;
  bool open_domain(std::uint32_t token) const { return token >= subj0_ && token < vocab_size_; }  // subj, verb, obj: the last three blocks

 private:
  int kind_started_by(std::uint32_t token) const;  // the SegmentKind, -1 if `token` cannot start a segment

  std::uint32_t kw_per_, noun_per_, num_industries_, feature_per_, style_n_, open_n_;
  std::uint32_t kw0_, noun0_, adj0_, fn0_, open0_, close0_, feat0_, subj0_, verb0_, obj0_, vocab_size_;
  std::vector<std::uint16_t> frames_;
  std::vector<std::uint32_t> by_kind_[kNumSegmentKinds];
};

}  // namespace simrec::sim::titles
