#pragma once
// Title evaluators (SPEC §6 "Alignment of a title generator", article 002 §2.1.2): three binary
// classifiers over a prompt + title — fluency (platform titles vs their corruptions), style
// (platform vs generic-generator titles) and quality (two-annotator agreement labels) — each
// reporting held-out AUC (article: > 0.98, > 0.95, > 0.88). The alignment loop labels preference
// data with them and reports the mean scores of generated titles.
//
// Model (one per evaluator): a hashed n-gram embedding bag -> MLP -> logit.
//   features of (industry, keywords, title t_1..t_L), with t_0 = BOS and t_{L+1} = EOS:
//     industry; each prompt keyword; for each prompt keyword whether the title contains it;
//     the title length (capped at 63); title n-grams for n = 1..ngram_order over t_0..t_{L+1}
//     (unigrams of t_1..t_L, bigrams (t_{i-1}, t_i), trigrams (t_{i-2}, t_{i-1}, t_i)).
//   Each feature is hashed (SplitMix64 of its kind and tokens) to one of `buckets` rows of an
//   embedding table [buckets, dim];  h = sum of the rows of all features   [B, dim]
//   With max_pool (default), a second table [buckets, dim] over the title n-grams only:
//     m = per-dimension max of their rows   [B, dim]
//   a title is as fluent as its worst transition, and a max can flag a transition never seen in
//   training (its row stays near the zero init while every familiar n-gram learns a negative
//   "badness" coordinate) where a sum only dilutes it.
//   logit = MLP([h, m]) with widths {2 dim (dim without max_pool), hidden..., 1} and ReLU;
//   score = sigmoid(logit).
//   Order matters through the bigrams and trigrams: with ngram_order = 1 the model is a bag of
//   words and cannot see a swap (tests/algorithms/title_evaluators_test.cpp shows the gap).
// Training: binary cross-entropy on the logits, Adam (lazy row-sparse updates of the table),
// `epochs` passes in a fresh order per epoch (Philox stream "title_evaluator/<name>/shuffle",
// epoch), minibatches of batch_size; parameters initialised from the seed. Logs
// "<name>_train_loss" per epoch. Deterministic: same data, options and seed -> identical scores.
//
// Input checks (std::invalid_argument, naming the evaluator and the row): no rows, one class
// only, a prompt with no keywords or more than three, sizes that disagree.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/title_corpus.hpp"
#include "datasets/title_data.hpp"

namespace simrec::algorithms::alignment {

struct TitleEvaluatorOptions {
  std::int64_t ngram_order = 2;        // 1..3
  std::int64_t buckets = 1 << 18;      // rows of the hashed feature table, >= 16
  std::int64_t dim = 16;               // embedding width, >= 1
  bool max_pool = true;                // add the max-pooled n-gram bag (see above)
  // Include the prompt features (industry, keywords, keyword-in-title) and the length feature.
  // Off: the evaluator judges the title's n-grams alone -- what fluency and style are properties
  // of. With them on, a fluency evaluator trained on corruptions learns shortcuts that do not
  // transfer to a policy's titles: "a prompt keyword is missing" (a drop can remove one) and "the
  // title is shorter than usual" (a drop shortens it) both read as disfluent.
  bool prompt_features = true;
  std::vector<std::int64_t> hidden{32};  // MLP hidden widths (may be empty: a linear model)
  std::int64_t epochs = 6;             // >= 1
  std::int64_t batch_size = 64;        // >= 1
  double learning_rate = 0.01;         // Adam, > 0
  double embedding_init_std = 0.01;    // N(0, std^2) table init, >= 0

  // Throws std::invalid_argument naming the option and the allowed values.
  void validate() const;
};

class TitleEvaluator {
 public:
  // name: "fluency", "style", "quality" (used in log metrics, streams and messages).
  explicit TitleEvaluator(std::string name, TitleEvaluatorOptions options = {});
  ~TitleEvaluator();
  TitleEvaluator(TitleEvaluator&&) noexcept;
  TitleEvaluator& operator=(TitleEvaluator&&) noexcept;

  void fit(const datasets::LabelledTitles& data, std::uint64_t seed, TrainingLogger& logger);
  // Replaces the options (validated), then fits.
  void fit(const datasets::LabelledTitles& data, const TitleEvaluatorOptions& options, std::uint64_t seed,
           TrainingLogger& logger);
  // P(positive) per (prompt i, title i); throws before fit or on bad input.
  std::vector<float> score(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles) const;

  bool fitted() const;
  const std::string& name() const { return name_; }
  const TitleEvaluatorOptions& options() const { return options_; }

 private:
  struct Model;
  std::string name_;
  TitleEvaluatorOptions options_;
  std::unique_ptr<Model> model_;
};

// The three evaluators of the article.
struct TitleEvaluators {
  TitleEvaluator fluency{"fluency"}, style{"style"}, quality{"quality"};

  TitleEvaluators() = default;
  explicit TitleEvaluators(const TitleEvaluatorOptions& options)
      : fluency("fluency", options), style("style", options), quality("quality", options) {}

  // Fits each on its training split (seeds seed, seed + 1, seed + 2).
  void fit(const datasets::EvaluatorData& fluency_data, const datasets::EvaluatorData& style_data,
           const datasets::EvaluatorData& quality_data, std::uint64_t seed, TrainingLogger& logger);
};

}  // namespace simrec::algorithms::alignment
