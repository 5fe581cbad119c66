// The YouTube candidate generator: tower widths as SPEC §6, feature groups and their inputs
// (example age 0 at serving), learning on a small world (sampled and full softmax), thread-count
// determinism, early stopping on the validation rows, and errors (depth 5, negatives > corpus,
// untied widths, misspelt feature sets).
#include <catch2/catch.hpp>
#include <omp.h>

#include "algorithms/youtube_dnn/candidate_model.hpp"
#include "algorithms/youtube_dnn/features.hpp"
#include "retrieval_fixture.hpp"

using namespace simrec;
using namespace simrec::algorithms::youtube_dnn;

namespace {
// Small, fast settings: a couple of seconds per fit on two cores.
std::map<std::string, std::string> fast(std::map<std::string, std::string> extra = {}) {
  std::map<std::string, std::string> o{{"output_dim", "32"}, {"embedding_dim", "32"}, {"negatives", "200"},
                                       {"epochs", "4"},      {"depth", "1"},          {"learning_rate", "0.005"}};
  for (const auto& [k, v] : extra) o[k] = v;
  return o;
}
}  // namespace

TEST_CASE("youtube_dnn tower widths follow the article's table", "[algorithms][youtube_dnn]") {
  CHECK(tower_widths(100, 0, 256) == std::vector<std::int64_t>{100, 256});
  CHECK(tower_widths(100, 1, 256) == std::vector<std::int64_t>{100, 256});
  CHECK(tower_widths(100, 2, 256) == std::vector<std::int64_t>{100, 512, 256});
  CHECK(tower_widths(100, 3, 256) == std::vector<std::int64_t>{100, 1024, 512, 256});
  CHECK(tower_widths(100, 4, 256) == std::vector<std::int64_t>{100, 2048, 1024, 512, 256});
}

TEST_CASE("youtube_dnn feature groups set the inputs; serving feeds example age 0", "[algorithms][youtube_dnn]") {
  CHECK(FeatureSet::all_names().size() == 15);
  CHECK(FeatureSet::all_names().front() == "watches");
  CHECK(FeatureSet::all_names().back() == "watches+searches+example_age+demographics");
  CHECK_THROWS_WITH(FeatureSet::parse("searches+watches"), Catch::Contains("watches, searches, example_age, demographics"));
  ModelShape s;
  s.videos = 10;
  s.tokens = 7;
  s.regions = 3;
  s.devices = 2;
  s.embedding_dim = 6;
  s.context_dim = 4;
  for (const auto& [name, width] : std::vector<std::pair<std::string, std::int64_t>>{
           {"watches", 6}, {"watches+searches", 12}, {"watches+searches+example_age", 15}, {"watches+searches+example_age+demographics", 26}}) {
    s.features = FeatureSet::parse(name);
    CHECK(CandidateModel(s).input_width() == width);
  }
  datasets::RetrievalSamples rows;
  rows.label = {1, 2};
  rows.user_id = {0, 1};
  rows.history = {1, 2, 3, 4, 5};
  rows.history_offsets = {0, 2, 5};
  rows.search_tokens = {6};
  rows.search_offsets = {0, 0, 1};
  rows.region = {2, 0};
  rows.device = {1, 1};
  rows.gender = {1, 0};
  rows.logged_in = {0, 1};
  rows.age_real = {0.25f, 0.75f};
  rows.example_age_days = {4, 1};
  BatchLimits limits;
  limits.max_watches = 2;
  limits.example_age_scale_days = 4;
  const FeatureSet all = FeatureSet::parse("watches+searches+example_age+demographics");
  const InputBatch train = make_batch(rows, {0, 1}, all, limits, -1);
  CHECK(train.watch_ids == std::vector<std::int64_t>{1, 2, 4, 5});  // the 2 most recent
  CHECK(train.watch_offsets == std::vector<std::int64_t>{0, 2, 4});
  CHECK(train.token_offsets == std::vector<std::int64_t>{0, 0, 1});
  // reals per row: gender, logged_in, age, x, x^2, sqrt(x) with x = age days / 4
  CHECK(train.reals.to_vector() == std::vector<double>{1, 0, 0.25, 1, 1, 1, 0, 1, 0.75, 0.25, 0.0625, 0.5});
  const InputBatch serve = make_batch(rows, {1}, all, limits, 0.0);
  CHECK(serve.reals.to_vector() == std::vector<double>{0, 1, 0.75, 0, 0, 0});
}

TEST_CASE("youtube_dnn learns on a small world (sampled and full softmax)", "[algorithms][youtube_dnn]") {
  const double random = testing::fit_and_score("random").recall_at_10;
  const double mostpop = testing::fit_and_score("mostpop").recall_at_10;
  const auto sampled = testing::fit_and_score("youtube_dnn", fast());
  const auto full = testing::fit_and_score("youtube_dnn", fast({{"loss", "full"}, {"depth", "0"}}));
  INFO("random " << random << " mostpop " << mostpop << " sampled " << sampled.recall_at_10 << " full " << full.recall_at_10);
  CHECK(sampled.recall_at_10 > 8 * random);
  CHECK(full.recall_at_10 > 8 * random);
  CHECK(sampled.recall_at_10 > 0.7 * mostpop);
  const auto& loss = sampled.log.curves.at("train_loss");
  CHECK(loss.back() < loss.front());
  // Every list: k distinct videos, none from the query's history.
  const auto& q = testing::small_queries();
  for (std::size_t r = 0; r < q.size(); ++r) {
    std::vector<std::int64_t> list(sampled.lists.items.begin() + sampled.lists.offsets[r], sampled.lists.items.begin() + sampled.lists.offsets[r + 1]);
    CHECK(list.size() == 10);
    for (auto v : list) CHECK(std::find(q.history_of(r).begin(), q.history_of(r).end(), std::uint32_t(v)) == q.history_of(r).end());
    std::sort(list.begin(), list.end());
    CHECK(std::adjacent_find(list.begin(), list.end()) == list.end());
  }
}

TEST_CASE("youtube_dnn early stopping keeps the best validation epoch", "[algorithms][youtube_dnn]") {
  const auto r = testing::fit_and_score("youtube_dnn", fast({{"epochs", "12"}, {"learning_rate", "0.02"}, {"patience", "1"}}));
  const auto& val = r.log.curves.at("validation_loss");
  const double best_epoch = r.log.curves.at("best_epoch").front();
  REQUIRE(best_epoch >= 1);
  const double best = *std::min_element(val.begin(), val.end());
  CHECK(val[std::size_t(best_epoch) - 1] == best);
  CHECK(val.size() <= std::size_t(best_epoch) + 1);  // stopped one epoch after the best (patience 1)
}

TEST_CASE("youtube_dnn gives the same lists for 1 and 2 threads", "[algorithms][youtube_dnn][determinism]") {
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = testing::fit_and_score("youtube_dnn", fast({{"epochs", "1"}}));
  omp_set_num_threads(2);
  const auto two = testing::fit_and_score("youtube_dnn", fast({{"epochs", "1"}}));
  omp_set_num_threads(saved);
  CHECK(one.lists.items == two.lists.items);
  CHECK(one.log.curves.at("train_loss") == two.log.curves.at("train_loss"));
}

TEST_CASE("youtube_dnn rejects bad options with clear messages", "[algorithms][youtube_dnn][errors]") {
  CHECK_THROWS_WITH(testing::make_retrieval("youtube_dnn", {{"depth", "5"}}), Catch::Contains("depth") && Catch::Contains("[0, 4]"));
  CHECK_THROWS_WITH(testing::make_retrieval("youtube_dnn", {{"features", "demographics+watches"}}), Catch::Contains("features"));
  CHECK_THROWS_WITH(testing::make_retrieval("youtube_dnn", {{"tie_embeddings", "true"}, {"embedding_dim", "32"}, {"output_dim", "64"}}),
                    Catch::Contains("embedding_dim = 32") && Catch::Contains("output_dim = 64"));
  CHECK_THROWS_WITH(testing::make_retrieval("youtube_dnn", {{"negatives", "0"}}), Catch::Contains("negatives"));
  // More negatives than videos: refused at fit time, naming both numbers.
  const std::size_t corpus = testing::small_retrieval_data().video_vocab.size();
  auto algo = testing::make_retrieval("youtube_dnn", fast({{"negatives", std::to_string(corpus + 1)}}));
  algorithms::NullLogger log;
  CHECK_THROWS_WITH(algo->fit(algorithms::make_train_view(testing::small_retrieval_data(), 1), log),
                    Catch::Contains("negatives = " + std::to_string(corpus + 1)) && Catch::Contains("corpus size " + std::to_string(corpus)));
}
