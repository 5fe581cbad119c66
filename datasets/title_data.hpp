#pragma once
// Data for the title evaluators and for SFT (SPEC §6 alignment, article 002 §2.1.2 and §2.2.1),
// built from the title world (sim/titles/title_world.hpp).
//
//   fluency_data   positives: platform titles; negatives: their corruptions (the article's
//                  recipe), 1:1. A title and its corruption always land in the same split, so the
//                  test set never holds the corruption of a training title. Titles shorter than
//                  4 tokens (which the recipe cannot corrupt) are skipped. With
//                  drop_fluent_corruptions, corruptions the world's grammar finds fluent (fluency 1:
//                  a whole phrase dropped, two same-class tokens swapped, a connector replaced by one
//                  that fits; ~4% of them) are left out of both splits and counted in `dropped`:
//                  the article corrupts Chinese characters, where two changed characters almost
//                  never leave a fluent title; on word tokens the literal recipe labels these
//                  fluent titles disfluent.
//   style_data     positives: platform titles; negatives: generic-generator titles for the SAME
//                  prompts, 1:1 (the article: 25k : 25k); a prompt's two titles share a split.
//   quality_data   `candidates` platform titles judged by both annotators; both "excellent" ->
//                  positive, both not -> negative, disagreements dropped (their count is reported).
//   sft_corpus     the SFT mix task : business : open = 1 : 1 : N (the article: 5 <= N <= 10, this
//                  project allows any N >= 0): `task_pairs` keyword -> platform-title pairs,
//                  task_pairs business-domain texts, round(N task_pairs) open-domain texts, in one
//                  deterministic shuffled order.
//
// Splits: row group g (a pair, or a single candidate) goes to test iff its Philox draw (seed,
// "titles/split/<stream>", g) is below test_fraction. Everything is a pure function of (world
// seed, stream, options).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/title_corpus.hpp"
#include "sim/titles/title_world.hpp"

namespace simrec::datasets {

// Binary evaluator data: prompt, title, label (1 positive, 0 negative).
struct LabelledTitles {
  TitlePrompts prompts;
  TokenSequences titles;
  std::vector<std::uint8_t> labels;
  std::size_t size() const { return labels.size(); }
  std::size_t positives() const;
  void push(std::uint32_t industry, std::span<const std::uint32_t> keywords, std::span<const std::uint32_t> title,
            bool label);
};

struct EvaluatorData {
  LabelledTitles train, test;
  std::size_t dropped = 0;  // quality_data: annotator disagreements left out; fluency_data: fluent corruptions
};

struct TitleDataOptions {
  std::size_t fluency_pairs = 2500;       // platform titles (each with its corruption)
  std::size_t style_pairs = 2500;         // prompts (each with a platform and a generic title)
  std::size_t quality_candidates = 7000;  // titles judged by both annotators
  double test_fraction = 0.2;             // in (0, 1)
  bool drop_fluent_corruptions = false;   // fluency_data: leave out corruptions with grammar fluency 1
  std::string stream = "eval";            // world streams: <kind>_<stream> (e.g. "fluency_eval")

  // Throws std::invalid_argument naming the option and the allowed values.
  void validate() const;
};

EvaluatorData fluency_data(const sim::titles::TitleWorld& world, const TitleDataOptions& options);
EvaluatorData style_data(const sim::titles::TitleWorld& world, const TitleDataOptions& options);
EvaluatorData quality_data(const sim::titles::TitleWorld& world, const TitleDataOptions& options);

struct SftMixOptions {
  std::size_t task_pairs = 2000;  // keyword -> platform title pairs
  double open_ratio = 5.0;        // N of 1 : 1 : N, >= 0
  std::string stream = "sft";
  void validate() const;
};

struct SftMix {
  TitleCorpus task, business, open;  // the three parts, each in its own order
  TitleCorpus mixed;                 // all of them, shuffled together
};

SftMix sft_corpus(const sim::titles::TitleWorld& world, const SftMixOptions& options);

}  // namespace simrec::datasets
