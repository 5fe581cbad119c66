// Title evaluators: hashed n-gram embedding bag -> MLP -> logit (formulas in evaluators.hpp).
#include "algorithms/alignment/evaluators.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "nn/core/autograd.hpp"
#include "nn/layers/embedding.hpp"
#include "nn/layers/mlp.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::alignment {

namespace {

constexpr std::size_t kScoreBlock = 2048;
constexpr std::uint64_t kMaxLengthFeature = 63;

// Feature kinds, the top byte of a feature's hash input.
enum : std::uint64_t { kIndustry = 1, kKeyword, kKeywordInTitle, kLength, kUnigram, kBigram, kTrigram };

std::int64_t bucket(std::uint64_t kind, std::uint64_t a, std::uint64_t b, std::uint64_t c, std::int64_t buckets) {
  using random::mix64;
  const std::uint64_t h = mix64(mix64(mix64((kind << 56) ^ a) ^ b) ^ c);
  return std::int64_t(h % std::uint64_t(buckets));
}

void check_prompt(const std::string& name, const datasets::TitlePrompts& prompts, std::size_t r) {
  const std::size_t k = prompts.keywords.length(r);
  if (k == 0 || k > 3)
    throw std::invalid_argument("title evaluator '" + name + "': prompt " + std::to_string(r) + " has " +
                                std::to_string(k) + " keywords: allowed 1-3 keyword tokens");
}

void check_sizes(const std::string& name, const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles) {
  if (prompts.size() != titles.size() || prompts.keywords.size() != prompts.industry.size())
    throw std::invalid_argument("title evaluator '" + name + "': " + std::to_string(prompts.size()) + " prompts (" +
                                std::to_string(prompts.keywords.size()) + " keyword lists) for " +
                                std::to_string(titles.size()) + " titles: sizes must agree");
}

}  // namespace

void TitleEvaluatorOptions::validate() const {
  const auto bad = [](const std::string& what) { throw std::invalid_argument("title evaluator option " + what); };
  if (ngram_order < 1 || ngram_order > 3) bad("ngram_order = " + std::to_string(ngram_order) + ": allowed 1, 2 or 3");
  if (buckets < 16) bad("buckets = " + std::to_string(buckets) + ": allowed >= 16");
  if (dim < 1) bad("dim = " + std::to_string(dim) + ": allowed >= 1");
  for (std::int64_t w : hidden)
    if (w < 1) bad("hidden width " + std::to_string(w) + ": allowed >= 1");
  if (epochs < 1) bad("epochs = " + std::to_string(epochs) + ": allowed >= 1");
  if (batch_size < 1) bad("batch_size = " + std::to_string(batch_size) + ": allowed >= 1");
  if (!(learning_rate > 0)) bad("learning_rate = " + std::to_string(learning_rate) + ": allowed > 0");
  if (!(embedding_init_std >= 0)) bad("embedding_init_std = " + std::to_string(embedding_init_std) + ": allowed >= 0");
}

struct TitleEvaluator::Model : nn::Module {
  nn::EmbeddingBag sum_bag, max_bag;
  nn::MLP mlp;
  TitleEvaluatorOptions o;

  static std::vector<std::int64_t> widths(const TitleEvaluatorOptions& o) {
    std::vector<std::int64_t> w{o.max_pool ? 2 * o.dim : o.dim};
    w.insert(w.end(), o.hidden.begin(), o.hidden.end());
    w.push_back(1);
    return w;
  }
  explicit Model(const TitleEvaluatorOptions& options)
      : sum_bag(options.buckets, options.dim, nn::BagMode::Sum, /*sparse_grad=*/true),
        max_bag(options.max_pool ? options.buckets : 1, options.dim, nn::BagMode::Max, /*sparse_grad=*/true),
        mlp(widths(options)),
        o(options) {
    register_module("sum_bag", sum_bag);
    set_init("sum_bag.weight", nn::Init::normal(0.0, options.embedding_init_std));
    if (o.max_pool) {
      register_module("max_bag", max_bag);
      set_init("max_bag.weight", nn::Init::normal(0.0, options.embedding_init_std));
    }
    register_module("mlp", mlp);
  }

  // Appends the hashed features of row r: prompt and length features to `prompt_ids`, the title's
  // n-grams to `gram_ids`.
  void features(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles, std::size_t r,
                std::vector<std::int64_t>& prompt_ids, std::vector<std::int64_t>& gram_ids) const {
    const auto kw = prompts.keywords.at(r);
    const auto t = titles.at(r);
    const std::int64_t B = o.buckets;
    if (o.prompt_features) {
      prompt_ids.push_back(bucket(kIndustry, prompts.industry[r], 0, 0, B));
      for (std::uint32_t k : kw) {
        prompt_ids.push_back(bucket(kKeyword, k, 0, 0, B));
        prompt_ids.push_back(bucket(kKeywordInTitle, std::find(t.begin(), t.end(), k) != t.end(), 0, 0, B));
      }
      prompt_ids.push_back(bucket(kLength, std::min<std::uint64_t>(t.size(), kMaxLengthFeature), 0, 0, B));
    }
    // Padded sequence t_0 = BOS, t_1..t_L, t_{L+1} = EOS.
    const std::size_t L = t.size();
    const auto at = [&](std::size_t i) -> std::uint64_t {
      return i == 0 ? datasets::kBosToken : i == L + 1 ? datasets::kEosToken : t[i - 1];
    };
    for (std::size_t i = 1; i <= L; ++i) gram_ids.push_back(bucket(kUnigram, at(i), 0, 0, B));
    if (o.ngram_order >= 2)
      for (std::size_t i = 1; i <= L + 1; ++i) gram_ids.push_back(bucket(kBigram, at(i - 1), at(i), 0, B));
    if (o.ngram_order >= 3)
      for (std::size_t i = 2; i <= L + 1; ++i) gram_ids.push_back(bucket(kTrigram, at(i - 2), at(i - 1), at(i), B));
  }

  nn::Tensor logits(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles,
                    std::span<const std::size_t> rows) const {
    std::vector<std::int64_t> all, all_offsets{0}, grams, gram_offsets{0}, prompt_ids;
    for (std::size_t r : rows) {
      prompt_ids.clear();
      const std::size_t g0 = grams.size();
      features(prompts, titles, r, prompt_ids, grams);
      all.insert(all.end(), prompt_ids.begin(), prompt_ids.end());
      all.insert(all.end(), grams.begin() + std::ptrdiff_t(g0), grams.end());
      all_offsets.push_back(std::int64_t(all.size()));
      gram_offsets.push_back(std::int64_t(grams.size()));
    }
    const nn::Tensor h = sum_bag(all, all_offsets);  // [B, dim]
    if (!o.max_pool) return mlp(h);                   // [B, 1]
    return mlp(nn::concat({h, max_bag(grams, gram_offsets)}, 1));
  }
};

TitleEvaluator::TitleEvaluator(std::string name, TitleEvaluatorOptions options)
    : name_(std::move(name)), options_(std::move(options)) {
  options_.validate();
}
TitleEvaluator::~TitleEvaluator() = default;
TitleEvaluator::TitleEvaluator(TitleEvaluator&&) noexcept = default;
TitleEvaluator& TitleEvaluator::operator=(TitleEvaluator&&) noexcept = default;

bool TitleEvaluator::fitted() const { return model_ != nullptr; }

void TitleEvaluator::fit(const datasets::LabelledTitles& data, std::uint64_t seed, TrainingLogger& logger) {
  check_sizes(name_, data.prompts, data.titles);
  if (data.labels.size() != data.titles.size())
    throw std::invalid_argument("title evaluator '" + name_ + "': " + std::to_string(data.labels.size()) +
                                " labels for " + std::to_string(data.titles.size()) + " titles: sizes must agree");
  if (data.size() == 0) throw std::invalid_argument("title evaluator '" + name_ + "': no training rows");
  const std::size_t pos = data.positives();
  if (pos == 0 || pos == data.size())
    throw std::invalid_argument("title evaluator '" + name_ + "': training rows are all " +
                                (pos == 0 ? "negative" : "positive") + ": both classes are required");
  for (std::size_t r = 0; r < data.size(); ++r) check_prompt(name_, data.prompts, r);

  auto model = std::make_unique<Model>(options_);
  model->init(seed);
  nn::AdamOptions ao;
  ao.lr = options_.learning_rate;
  nn::Adam adam(model->named_parameters(), ao);
  std::vector<std::size_t> order(data.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  const auto batch = std::size_t(options_.batch_size);
  const std::string shuffle_stream = "title_evaluator/" + name_ + "/shuffle";
  model->train();
  for (std::int64_t epoch = 1; epoch <= options_.epochs; ++epoch) {
    random::Rng rng(seed, shuffle_stream, std::uint64_t(epoch));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double loss_sum = 0;
    for (std::size_t first = 0; first < order.size(); first += batch) {
      const std::span<const std::size_t> rows(order.data() + first, std::min(batch, order.size() - first));
      std::vector<float> y(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) y[i] = float(data.labels[rows[i]]);
      const nn::Tensor targets = nn::Tensor::from({std::int64_t(rows.size()), 1}, y);
      const nn::Tensor loss = nn::bce_with_logits(model->logits(data.prompts, data.titles, rows), targets);
      loss_sum += loss.item() * double(rows.size());
      loss.backward();
      adam.step();
      adam.zero_grad();
    }
    logger.log(epoch, name_ + "_train_loss", loss_sum / double(order.size()));
    logger.progress(double(epoch) / double(options_.epochs));
  }
  model->eval();
  model_ = std::move(model);
}

void TitleEvaluator::fit(const datasets::LabelledTitles& data, const TitleEvaluatorOptions& options, std::uint64_t seed,
                         TrainingLogger& logger) {
  options.validate();
  options_ = options;
  model_.reset();
  fit(data, seed, logger);
}

std::vector<float> TitleEvaluator::score(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles) const {
  if (!model_) throw std::logic_error("title evaluator '" + name_ + "': score before fit");
  check_sizes(name_, prompts, titles);
  for (std::size_t r = 0; r < prompts.size(); ++r) check_prompt(name_, prompts, r);
  nn::NoGradGuard no_grad;
  std::vector<float> out(titles.size());
  std::vector<std::size_t> rows;
  for (std::size_t first = 0; first < titles.size(); first += kScoreBlock) {
    rows.clear();
    for (std::size_t r = first; r < std::min(titles.size(), first + kScoreBlock); ++r) rows.push_back(r);
    const nn::Tensor z = model_->logits(prompts, titles, rows);
    const float* zs = z.data<float>();
    for (std::size_t i = 0; i < rows.size(); ++i) out[first + i] = float(1.0 / (1.0 + std::exp(-double(zs[i]))));
  }
  return out;
}

void TitleEvaluators::fit(const datasets::EvaluatorData& fluency_data, const datasets::EvaluatorData& style_data,
                          const datasets::EvaluatorData& quality_data, std::uint64_t seed, TrainingLogger& logger) {
  fluency.fit(fluency_data.train, seed, logger);
  style.fit(style_data.train, seed + 1, logger);
  quality.fit(quality_data.train, seed + 2, logger);
}

}  // namespace simrec::algorithms::alignment
