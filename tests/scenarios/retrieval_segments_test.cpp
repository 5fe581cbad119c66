// Retrieval metrics over one activity group of the test users ("map@10:new"; scenarios/evaluate.hpp):
// values by hand on four queries, the scenario checks, and in a run the segments' user-weighted
// mean equals the whole's.
#include <catch2/catch.hpp>
#include <cmath>

#include "datasets/video_datasets.hpp"
#include "results/metric_direction.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/evaluate.hpp"
#include "scenarios/scenario.hpp"
#include "sim/world/world.hpp"
#include "support/scenario_run.hpp"
#include "support/retrieval_rows.hpp"

using namespace simrec;

namespace {
// Four queries: users of groups New, Low, New, High with labels 7, 3, 5, 9.
datasets::RetrievalSamples four_queries() {
  datasets::RetrievalSamples q;
  const std::uint8_t groups[] = {0, 1, 0, 2};
  const std::uint32_t labels[] = {7, 3, 5, 9};
  for (std::uint32_t r = 0; r < 4; ++r) testing::append_retrieval_row(q, r, labels[r], groups[r], 0);
  return q;
}

// Ranked lists: query 0 finds 7 at rank 2, query 1 misses, query 2 finds 5 at rank 1, query 3
// finds 9 at rank 3.
algorithms::RankedLists four_lists() {
  algorithms::RankedLists l;
  const std::vector<std::vector<std::int64_t>> rows = {{1, 7, 2}, {0, 1, 2}, {5, 0, 1}, {4, 6, 9}};
  for (const auto& r : rows) {
    l.items.insert(l.items.end(), r.begin(), r.end());
    l.offsets.push_back(std::int64_t(l.items.size()));
  }
  return l;
}
}  // namespace

TEST_CASE("retrieval segments: metrics over one activity group, by hand", "[scenarios][metrics]") {
  const auto m = scenarios::evaluate_retrieval(four_lists(), four_queries(),
                                               {"map@3", "map@3:new", "map@3:low", "map@3:high", "recall@2:new",
                                                "recall@2:high", "ndcg@3:new", "popularity_rank@2:new", "hit_rate@1:new"});
  // Average precision with one relevant item = 1 / rank: queries 1/2, 0, 1, 1/3.
  CHECK(m.at("map@3") == Approx((0.5 + 0 + 1 + 1.0 / 3) / 4));
  CHECK(m.at("map@3:new") == Approx((0.5 + 1) / 2));
  CHECK(m.at("map@3:low") == 0);
  CHECK(m.at("map@3:high") == Approx(1.0 / 3));
  CHECK(m.at("recall@2:new") == 1);
  CHECK(m.at("recall@2:high") == 0);
  CHECK(m.at("ndcg@3:new") == Approx((1 / std::log2(3.0) + 1) / 2));
  // Mean (index + 1) of the first two items: query 0 (1, 7) -> (2 + 8) / 2 = 5, query 2 (5, 0) -> 3.5.
  CHECK(m.at("popularity_rank@2:new") == Approx(4.25));
  CHECK(m.at("hit_rate@1:new") == Approx(0.5));

  auto q = four_queries();
  q.user_group[3] = 0;  // no High user left
  CHECK_THROWS_WITH(scenarios::evaluate_retrieval(four_lists(), q, {"map@3:high"}), Catch::Contains("no test user in the activity group 'high'"));
}

TEST_CASE("retrieval segments: scenario checks and metric direction", "[scenarios][metrics]") {
  const std::string text = "name = s\ntask = retrieval\nseeds = 1\nmetrics = map@10:new\n[sim]\nnum_users = 200\n"
                           "[variant.pop]\nalgorithm = mostpop\n";
  const auto sc = scenarios::load_scenario_text(text, "s.ini", {});
  CHECK(sc.metrics == std::vector<std::string>{"map@10:new"});
  CHECK(scenarios::max_k({"recall@5", "map@20:low"}) == 20);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "s.ini", {"metrics=map@10:old"}),
                    Catch::Contains("unknown segment 'old'") && Catch::Contains("new, low, high"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "s.ini", {"metrics=fresh_share@10:new"}), Catch::Contains("applies to the top-K"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "s.ini", {"metrics=online_ctr:new"}), Catch::Contains("applies to the top-K"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "s.ini", {"metrics=map:new"}), Catch::Contains("applies to the top-K"));
  CHECK(results::metric_direction("map@10:new").known);
  CHECK(results::metric_direction("map@10:new").higher_is_better());
  CHECK(results::metric_direction("recall@5:high").higher_is_better());
}

TEST_CASE("retrieval segments: in a run the groups' user-weighted mean is the whole", "[scenarios][metrics][runner]") {
  const std::string text = "name = s\ntask = retrieval\nseeds = 1\n"
                           "metrics = map@10, map@10:new, map@10:low, map@10:high, recall@10, recall@10:new, recall@10:low, recall@10:high\n"
                           "[sim]\nnum_users = 300\nnum_videos = 300\nnum_channels = 30\nnew_user_fraction = 0.3\n"
                           "[data]\ntrain_days = 10\n[variant.pop]\nalgorithm = mostpop\n";
  const auto sc = scenarios::load_scenario_text(text, "s.ini", {});
  const auto [run, failed_units] = testing::run_scenario_in_temp_dir(sc, "simrec_segments_");
  CHECK(failed_units == 0);
  REQUIRE(run.units.size() == 1);
  const auto& mt = run.units[0].metrics;
  // The groups' sizes among the test users, from the same world and split as the runner's.
  const sim::World world(sc.world, 1);
  const auto data = datasets::build_video_datasets(world, sc.data_for(sc.variants[0]));
  const auto queries = scenarios::first_test_row_per_user(data.retrieval_test);
  double n[3] = {0, 0, 0};
  for (std::size_t r = 0; r < queries.size(); ++r) n[queries.user_group[r]] += 1;
  REQUIRE(n[0] > 5);
  for (const std::string m : {"map@10", "recall@10"}) {
    const double mixed = (n[0] * mt.at(m + ":new") + n[1] * mt.at(m + ":low") + n[2] * mt.at(m + ":high")) / (n[0] + n[1] + n[2]);
    CHECK(mixed == Approx(mt.at(m)).epsilon(1e-9));
  }
  // MostPop ignores taste, which the New users' choices weigh least (sim/README.md): it does
  // better on them than on the High users.
  CHECK(mt.at("recall@10:new") > mt.at("recall@10:high"));
}
