#pragma once
// Title data for the alignment family (SPEC §3 title world, §6 alignment; article 002).
//
// Tokens are ids into one vocabulary shared by keywords and titles (a policy can copy a keyword
// into its title). Ids 0, 1, 2 are reserved in every vocabulary: kPadToken (padding, never part
// of a sequence), kBosToken (start of a generated title), kEosToken (end of a generated title).
// Sequences stored here never contain BOS / EOS / PAD: a title is its content tokens only; a
// policy appends EOS itself when it scores or generates one.
//
//   TokenSequences    a CSR list of token sequences (sequence i = tokens[offsets[i] .. offsets[i+1]))
//   TitleCorpus       prompts (industry + 1-3 keyword tokens) with one title each: SFT data,
//                     generated titles, evaluator data
//   PreferencePairs   DPO / IPO data: prompt, chosen title, rejected title
//   UnpairedFeedback  KTO / KTON data: prompt, title, desirable or undesirable

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::datasets {

inline constexpr std::uint32_t kPadToken = 0;
inline constexpr std::uint32_t kBosToken = 1;
inline constexpr std::uint32_t kEosToken = 2;
inline constexpr std::uint32_t kFirstContentToken = 3;

struct TokenSequences {
  std::vector<std::uint32_t> tokens;
  std::vector<std::size_t> offsets{0};

  std::size_t size() const { return offsets.size() - 1; }
  bool empty() const { return size() == 0; }
  // Sequence i; like std::vector::at, an index past the end throws std::out_of_range.
  std::span<const std::uint32_t> at(std::size_t i) const {
    check(i);
    return {tokens.data() + offsets[i], offsets[i + 1] - offsets[i]};
  }
  std::size_t length(std::size_t i) const {
    check(i);
    return offsets[i + 1] - offsets[i];
  }
  void push(std::span<const std::uint32_t> seq) {
    tokens.insert(tokens.end(), seq.begin(), seq.end());
    offsets.push_back(tokens.size());
  }
  void clear() {
    tokens.clear();
    offsets.assign(1, 0);
  }

 private:
  void check(std::size_t i) const {
    if (i >= size())
      throw std::out_of_range("token sequences: index " + std::to_string(i) + " is out of range: " + std::to_string(size()) +
                              " sequences");
  }
};

// The prompt of a title: its industry and its 1-3 keyword tokens.
struct TitlePrompts {
  std::vector<std::uint32_t> industry;  // per prompt, in [0, num_industries)
  TokenSequences keywords;              // per prompt, 1-3 tokens
  std::size_t size() const { return industry.size(); }
  void push(std::uint32_t ind, std::span<const std::uint32_t> kw) {
    industry.push_back(ind);
    keywords.push(kw);
  }
};

struct TitleCorpus {
  TitlePrompts prompts;   // prompt of title i
  TokenSequences titles;  // title i
  std::size_t size() const { return titles.size(); }
};

struct PreferencePairs {
  TitlePrompts prompts;
  TokenSequences chosen, rejected;
  std::size_t size() const { return chosen.size(); }
};

struct UnpairedFeedback {
  TitlePrompts prompts;
  TokenSequences completions;
  std::vector<std::uint8_t> desirable;  // 1 desirable, 0 undesirable
  std::size_t size() const { return completions.size(); }
};

// What a title model needs to know about the vocabulary.
struct TitleVocabularyInfo {
  std::uint32_t vocab_size = 0;      // ids in [0, vocab_size), 0-2 reserved
  std::uint32_t num_industries = 0;
  std::uint32_t max_title_length = 0;  // content tokens of the longest title the world writes
};

}  // namespace simrec::datasets
