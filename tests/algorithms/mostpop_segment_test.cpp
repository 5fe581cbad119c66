// MostPop within a demographic segment (algorithms/baselines/mostpop.cpp): the shares' mix by
// hand on a toy training set -- the weight at which a segment's favourite overtakes the overall
// favourite is exactly where the formula puts it -- unseen segments fall back to overall
// popularity, and on the small world the region segment stays near plain MostPop.
#include <catch2/catch.hpp>

#include "algorithms/registry.hpp"
#include "datasets/ranking_samples.hpp"
#include "retrieval_fixture.hpp"
#include "support/retrieval_rows.hpp"

using namespace simrec;

namespace {
// Top-2 for one query user of `region` after fitting on: region 0 watches item 2 three times and
// item 0 once, region 1 watches item 0 four times (overall: item 0 five, item 2 three; 4 items).
std::vector<std::int64_t> top2(const std::map<std::string, std::string>& options, std::uint16_t region) {
  datasets::RetrievalSamples train, empty, query;
  for (std::uint32_t label : {2u, 2u, 2u, 0u}) testing::append_retrieval_row(train, 0, label, 1, 0);
  for (int i = 0; i < 4; ++i) testing::append_retrieval_row(train, 1, 0, 1, 1);
  testing::append_retrieval_row(query, 9, 3, 1, region);
  const datasets::RankingSamples no_ranking;
  const std::vector<std::uint64_t> counts = {5, 0, 3, 0};
  const algorithms::VideoTrainView view{train, empty, no_ranking, no_ranking, 5, 1, 1, 0.0, 1, counts};
  auto algo = testing::make_retrieval("mostpop", options);
  testing::RecordingLogger log;
  algo->fit(view, log);
  algorithms::RankedLists lists;
  algo->recommend(query, 2, false, lists);
  return lists.items;
}
}  // namespace

TEST_CASE("mostpop segment: shares mixed by the weight, by hand", "[algorithms][baselines]") {
  using V = std::vector<std::int64_t>;
  CHECK(top2({}, 0) == V{0, 2});
  // Region 0: w 3/4 + (1 - w) 3/8 for item 2 against w 1/4 + (1 - w) 5/8 for item 0: equal at w = 1/3.
  CHECK(top2({{"segment", "region"}, {"segment_weight", "0.3"}}, 0) == V{0, 2});
  CHECK(top2({{"segment", "region"}, {"segment_weight", "0.36"}}, 0) == V{2, 0});
  CHECK(top2({{"segment", "region"}, {"segment_weight", "1"}}, 0) == V{2, 0});
  CHECK(top2({{"segment", "region"}, {"segment_weight", "0"}}, 0) == V{0, 2});
  // Region 1 prefers item 0 at any weight; an unseen region gets the overall order.
  CHECK(top2({{"segment", "region"}, {"segment_weight", "1"}}, 1) == V{0, 1});  // item 2 unseen there: ties by index
  CHECK(top2({{"segment", "region"}, {"segment_weight", "1"}}, 7) == V{0, 2});
  // Another column: everyone has gender 0, so the gender segment is the overall order.
  CHECK(top2({{"segment", "gender"}, {"segment_weight", "1"}}, 0) == V{0, 2});
  CHECK_THROWS_WITH(testing::make_retrieval("mostpop", {{"segment", "city"}}), Catch::Contains("region, age_bucket, gender, device"));
  CHECK_THROWS_WITH(testing::make_retrieval("mostpop", {{"segment_weight", "1.5"}}), Catch::Contains("[0, 1]"));
}

TEST_CASE("mostpop segment: on the small world near plain MostPop, far above random", "[algorithms][baselines]") {
  const double plain = testing::fit_and_score("mostpop").recall_at_10;
  const double random = testing::fit_and_score("random").recall_at_10;
  const double region = testing::fit_and_score("mostpop", {{"segment", "region"}}).recall_at_10;
  INFO("random " << random << " mostpop " << plain << " region " << region);
  CHECK(region > 3 * random);
  CHECK(region > 0.8 * plain);
}
