#include "datasets/title_data.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::datasets {

namespace {

using sim::titles::TitleWorld;

void append(TitleCorpus& out, const TitleCorpus& in, std::size_t i) {
  out.prompts.push(in.prompts.industry[i], in.prompts.keywords.at(i));
  out.titles.push(in.titles.at(i));
}

// Whether row group g of this builder belongs to the test split.
class Splitter {
 public:
  Splitter(const TitleWorld& world, const std::string& stream, double test_fraction)
      : key_(random::stream_key(world.seed(), "titles/split/" + stream)), fraction_(test_fraction) {}
  bool test(std::uint64_t group) const { return random::Rng(key_, group).uniform() < fraction_; }

 private:
  random::Key key_;
  double fraction_;
};

}  // namespace

std::size_t LabelledTitles::positives() const {
  return std::size_t(std::accumulate(labels.begin(), labels.end(), std::size_t(0)));
}

void LabelledTitles::push(std::uint32_t industry, std::span<const std::uint32_t> keywords,
                          std::span<const std::uint32_t> title, bool label) {
  prompts.push(industry, keywords);
  titles.push(title);
  labels.push_back(label ? 1 : 0);
}

void TitleDataOptions::validate() const {
  const auto bad = [](const std::string& what) { throw std::invalid_argument("title data: " + what); };
  if (fluency_pairs == 0) bad("fluency_pairs = 0: allowed >= 1");
  if (style_pairs == 0) bad("style_pairs = 0: allowed >= 1");
  if (quality_candidates == 0) bad("quality_candidates = 0: allowed >= 1");
  if (!(test_fraction > 0.0 && test_fraction < 1.0))
    bad("test_fraction = " + std::to_string(test_fraction) + ": allowed (0, 1)");
  if (stream.empty()) bad("stream is empty: allowed any non-empty name");
}

namespace {

// Positive and negative title of prompt i, both in the same split (pair i's draw); prompts whose
// positive title is shorter than min_length are skipped; a negative for which drop_negative(i)
// holds is left out (the positive kept) and counted in `dropped`.
template <class DropNegative>
EvaluatorData paired_data(const TitlePrompts& prompts, const TokenSequences& positive, const TokenSequences& negative,
                          const Splitter& split, std::size_t min_length, DropNegative drop_negative) {
  EvaluatorData data;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    if (positive.length(i) < min_length) continue;
    LabelledTitles& part = split.test(i) ? data.test : data.train;
    part.push(prompts.industry[i], prompts.keywords.at(i), positive.at(i), true);
    if (drop_negative(i)) {
      ++data.dropped;
      continue;
    }
    part.push(prompts.industry[i], prompts.keywords.at(i), negative.at(i), false);
  }
  return data;
}

}  // namespace

EvaluatorData fluency_data(const TitleWorld& world, const TitleDataOptions& o) {
  o.validate();
  const std::string stream = "fluency_" + o.stream;
  const TitlePrompts prompts = world.sample_prompts(o.fluency_pairs, stream);
  const TokenSequences good = world.platform_titles(prompts, stream);
  const TokenSequences bad = world.corrupt(good, stream);
  // The recipe needs two non-edge tokens: shorter titles are skipped.
  const auto fluent = [&](std::size_t i) {
    return o.drop_fluent_corruptions && world.grammar().grammatical(bad.at(i));
  };
  return paired_data(prompts, good, bad, Splitter(world, stream, o.test_fraction), 4, fluent);
}

EvaluatorData style_data(const TitleWorld& world, const TitleDataOptions& o) {
  o.validate();
  const std::string stream = "style_" + o.stream;
  const TitlePrompts prompts = world.sample_prompts(o.style_pairs, stream);
  const TokenSequences platform = world.platform_titles(prompts, stream);
  const TokenSequences generic = world.generic_titles(prompts, stream);
  return paired_data(prompts, platform, generic, Splitter(world, stream, o.test_fraction), 0,
                     [](std::size_t) { return false; });
}

EvaluatorData quality_data(const TitleWorld& world, const TitleDataOptions& o) {
  o.validate();
  const std::string stream = "quality_" + o.stream;
  const TitlePrompts prompts = world.sample_prompts(o.quality_candidates, stream);
  const TokenSequences titles = world.platform_titles(prompts, stream);
  const Splitter split(world, stream, o.test_fraction);
  EvaluatorData data;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const auto attrs = world.attributes(prompts.industry[i], prompts.keywords.at(i), titles.at(i));
    const bool first = world.annotate(0, attrs, i), second = world.annotate(1, attrs, i);
    if (first != second) {
      ++data.dropped;
      continue;
    }
    (split.test(i) ? data.test : data.train).push(prompts.industry[i], prompts.keywords.at(i), titles.at(i), first);
  }
  return data;
}

void SftMixOptions::validate() const {
  if (task_pairs == 0) throw std::invalid_argument("SFT mix: task_pairs = 0: allowed >= 1");
  if (!(open_ratio >= 0.0 && open_ratio <= 1000.0))
    throw std::invalid_argument("SFT mix: open_ratio = " + std::to_string(open_ratio) +
                                ": allowed [0, 1000] (the article uses 5 to 10)");
  if (stream.empty()) throw std::invalid_argument("SFT mix: stream is empty: allowed any non-empty name");
}

SftMix sft_corpus(const TitleWorld& world, const SftMixOptions& o) {
  o.validate();
  SftMix mix;
  const std::string stream = "sft_" + o.stream;
  mix.task.prompts = world.sample_prompts(o.task_pairs, stream);
  mix.task.titles = world.platform_titles(mix.task.prompts, stream);
  mix.business = world.business_texts(o.task_pairs, stream);
  mix.open = world.open_texts(std::size_t(std::llround(o.open_ratio * double(o.task_pairs))), stream);
  // One order over the concatenation (task, business, open), Fisher-Yates on Philox draws.
  const std::size_t n = mix.task.size() + mix.business.size() + mix.open.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  random::Rng rng(world.seed(), "titles/sft_order/" + o.stream, 0);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  for (std::size_t r : order) {
    if (r < mix.task.size()) append(mix.mixed, mix.task, r);
    else if (r < mix.task.size() + mix.business.size()) append(mix.mixed, mix.business, r - mix.task.size());
    else append(mix.mixed, mix.open, r - mix.task.size() - mix.business.size());
  }
  return mix;
}

}  // namespace simrec::datasets
