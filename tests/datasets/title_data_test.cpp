// Evaluator data and the SFT mix built from the title world (datasets/title_data.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "datasets/title_data.hpp"

using namespace simrec;
using namespace simrec::datasets;
using sim::titles::TitleWorld;
using sim::titles::TitleWorldConfig;

namespace {

std::vector<std::uint32_t> as_vector(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("title data: fluency and style sets are 1:1 and keep a pair in one split", "[titles][data]") {
  const TitleWorld world(TitleWorldConfig{}, 21);
  TitleDataOptions o;
  o.fluency_pairs = 1500;
  o.style_pairs = 1500;
  for (const EvaluatorData& d : {fluency_data(world, o), style_data(world, o)}) {
    for (const LabelledTitles* part : {&d.train, &d.test}) {
      REQUIRE(part->size() % 2 == 0);
      REQUIRE(part->positives() * 2 == part->size());
      // Rows come in (positive, negative) pairs with the same prompt.
      for (std::size_t r = 0; r < part->size(); r += 2) {
        REQUIRE(part->labels[r] == 1);
        REQUIRE(part->labels[r + 1] == 0);
        REQUIRE(part->prompts.industry[r] == part->prompts.industry[r + 1]);
        REQUIRE(as_vector(part->prompts.keywords.at(r)) == as_vector(part->prompts.keywords.at(r + 1)));
      }
    }
    const double test_share = double(d.test.size()) / double(d.train.size() + d.test.size());
    INFO("test share " << test_share);
    CHECK(std::fabs(test_share - 0.2) < 0.04);
  }
  // Fluency negatives are corruptions of the positive right before them.
  const EvaluatorData f = fluency_data(world, o);
  std::size_t differ = 0;
  for (std::size_t r = 0; r < f.train.size(); r += 2) differ += as_vector(f.train.titles.at(r)) != as_vector(f.train.titles.at(r + 1));
  CHECK(differ == f.train.size() / 2);  // a corruption never returns its title unchanged
  // No positive title of the test set appears in the training set.
  std::set<std::vector<std::uint32_t>> train_pos;
  for (std::size_t r = 0; r < f.train.size(); r += 2) train_pos.insert(as_vector(f.train.titles.at(r)));
  std::size_t shared = 0;
  for (std::size_t r = 0; r < f.test.size(); r += 2) shared += train_pos.count(as_vector(f.test.titles.at(r)));
  CHECK(double(shared) < 0.05 * double(f.test.size() / 2));  // only titles the world wrote twice by chance
}

TEST_CASE("title data: drop_fluent_corruptions leaves out exactly the corruptions the grammar finds fluent", "[titles][data]") {
  const TitleWorld world(TitleWorldConfig{}, 22);
  TitleDataOptions o;
  o.fluency_pairs = 3000;
  const EvaluatorData all = fluency_data(world, o);
  o.drop_fluent_corruptions = true;
  const EvaluatorData kept = fluency_data(world, o);
  const auto count = [&](const EvaluatorData& d, int label, bool fluent) {
    std::size_t n = 0;
    for (const LabelledTitles* part : {&d.train, &d.test})
      for (std::size_t r = 0; r < part->size(); ++r)
        n += part->labels[r] == label && (world.grammar().fluency(part->titles.at(r)) >= 1.0) == fluent ? 1 : 0;
    return n;
  };
  const std::size_t fluent_negatives = count(all, 0, true);
  INFO("fluent corruptions " << fluent_negatives << " of " << all.train.size() / 2 + all.test.size() / 2);
  CHECK(all.dropped == 0);
  CHECK(fluent_negatives > 30);  // the literal recipe on word tokens: ~4% stay fluent
  CHECK(kept.dropped == fluent_negatives);
  CHECK(count(kept, 0, true) == 0);
  CHECK(count(kept, 0, false) == count(all, 0, false));  // every disfluent corruption stays
  CHECK(kept.train.positives() + kept.test.positives() == all.train.positives() + all.test.positives());
  CHECK(kept.test.positives() == all.test.positives());  // the split does not move
}

TEST_CASE("title data: quality labels are the two annotators' agreement, disagreements dropped", "[titles][data]") {
  const TitleWorld world(TitleWorldConfig{}, 22);
  TitleDataOptions o;
  o.quality_candidates = 3000;
  const EvaluatorData d = quality_data(world, o);
  const std::size_t kept = d.train.size() + d.test.size();
  CHECK(kept + d.dropped == 3000);
  INFO("kept " << kept << " dropped " << d.dropped << " positives " << d.train.positives() + d.test.positives());
  CHECK(d.dropped > 300);
  const double pos_share = double(d.train.positives() + d.test.positives()) / double(kept);
  CHECK((pos_share > 0.25 && pos_share < 0.75));
  // Positives carry more quality features than negatives.
  double feat[2] = {0, 0}, n[2] = {0, 0};
  for (std::size_t r = 0; r < d.train.size(); ++r) {
    const auto a = world.attributes(d.train.prompts.industry[r], d.train.prompts.keywords.at(r), d.train.titles.at(r));
    double s = 0;
    for (double x : a.features) s += x;
    feat[d.train.labels[r]] += s, n[d.train.labels[r]] += 1;
  }
  CHECK(feat[1] / n[1] > feat[0] / n[0] + 0.5);
}

TEST_CASE("title data: the SFT mix is task : business : open = 1 : 1 : N, deterministic", "[titles][data]") {
  const TitleWorld world(TitleWorldConfig{}, 23);
  SftMixOptions o;
  o.task_pairs = 300;
  o.open_ratio = 7;
  const SftMix mix = sft_corpus(world, o);
  CHECK(mix.task.size() == 300);
  CHECK(mix.business.size() == 300);
  CHECK(mix.open.size() == 2100);
  CHECK(mix.mixed.size() == 2700);
  const auto none = std::uint32_t(world.config().num_industries);
  std::size_t open_rows = 0, with_keywords = 0;
  for (std::size_t r = 0; r < mix.mixed.size(); ++r) {
    open_rows += mix.mixed.prompts.industry[r] == none;
    with_keywords += mix.mixed.prompts.keywords.length(r) > 0;
    REQUIRE(world.grammar().fluency(mix.mixed.titles.at(r)) == 1.0);
  }
  CHECK(open_rows == 2100);
  CHECK(with_keywords == 600);
  // Shuffled: the first 300 rows are not all task rows.
  std::size_t task_first = 0;
  for (std::size_t r = 0; r < 300; ++r)
    task_first += world.grammar().token_class(mix.mixed.prompts.keywords.length(r) ? mix.mixed.prompts.keywords.at(r)[0] : 0) ==
                  sim::titles::TokenClass::Keyword;
  CHECK(task_first < 100);
  const SftMix again = sft_corpus(world, o);
  CHECK(again.mixed.titles.tokens == mix.mixed.titles.tokens);
  SftMixOptions bad = o;
  bad.open_ratio = -1;
  CHECK_THROWS_WITH(sft_corpus(world, bad), Catch::Contains("open_ratio") && Catch::Contains("allowed"));
  TitleDataOptions bad_split;
  bad_split.test_fraction = 1.0;
  CHECK_THROWS_WITH(fluency_data(world, bad_split), Catch::Contains("test_fraction") && Catch::Contains("(0, 1)"));
}
