// Online check (eval.online_days; scenarios/online_policy.hpp): a trained retrieval algorithm
// serves the feed in the simulator; its query rows look like the dataset's test rows; the true
// outcomes are recorded as online_* metrics, identically for 1 and 2 threads; bad settings are
// refused with the allowed range.
#include <catch2/catch.hpp>
#include <omp.h>

#include "algorithms/registry.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/online_policy.hpp"
#include "support/scenario_run.hpp"

using namespace simrec;

namespace {
const std::string kText =
    "name = o\ntask = retrieval\nseeds = 1\nmetrics = recall@10, online_ctr, online_watch_seconds_per_user\n[sim]\n"
    "num_users = 300\nnum_videos = 400\nnum_channels = 40\nnum_days = 6\n[data]\ntrain_days = 4\ntest_days = 2\n"
    "[eval]\nonline_days = 2\n[variant.pop]\nalgorithm = mostpop\n[variant.wals]\nalgorithm = wals\niterations = 2\n";
}  // namespace

TEST_CASE("online policy: query rows mirror the dataset's test rows", "[scenarios][online]") {
  sim::VideoWorldConfig c;
  c.num_users = 100;
  c.num_videos = 200;
  c.num_channels = 20;
  c.num_days = 4;
  const sim::World world(c, 3);
  datasets::DatasetConfig d;
  d.train_days = 3;
  d.test_days = 1;
  d.max_history = 2;
  const auto data = datasets::build_video_datasets(world, d);
  const auto& info = algorithms::registry().get("mostpop");
  auto algo = info.make(algorithms::OptionValues(info.options, {}, "t"));
  const scenarios::RetrievalSlatePolicy policy(dynamic_cast<algorithms::RetrievalAlgorithm&>(*algo), data, d);
  sim::UserState state;
  const std::uint32_t v0 = data.video_vocab.keys()[0], v1 = data.video_vocab.keys()[1];
  state.watches = {{10.0, v0, 5.0f}, {20.0, 123456u, 5.0f}, {30.0, v1, 5.0f}};  // 123456: not in the vocabulary
  sim::SearchRecord s{};
  s.time_seconds = 15;
  s.tokens[0] = 7;
  s.tokens[1] = 9;
  s.num_tokens = 2;
  state.searches = {s};
  sim::ObservedUser user;
  user.id = 5;
  user.demo.age_bucket = 2;
  const sim::SlateRequest request{user, state, 40.0, 0, 8};
  const auto row = policy.query_row(request);
  REQUIRE(row.size() == 1);
  CHECK(std::vector<std::uint32_t>(row.history.begin(), row.history.end()) ==
        std::vector<std::uint32_t>{data.video_vocab.oov_index(), 1});  // the last max_history = 2
  CHECK(row.search_tokens.size() == 3);  // 2 unigrams + 1 bigram
  CHECK(row.search_tokens[2] == data.token_vocab.index(datasets::bigram_key(7, 9)));
  CHECK(row.age_real[0] == Approx(2.5 / 6));
  CHECK(row.example_age_days[0] == 0.0f);
}

TEST_CASE("online check: online_* metrics, the same for 1 and 2 threads", "[scenarios][online][runner]") {
  const auto sc = scenarios::load_scenario_text(kText, "o.ini", {});
  CHECK(sc.resolved_text().find("online_days = 2\n") != std::string::npos);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kText, "o.ini", {"eval.online_days=3"}),
                    Catch::Contains("online_days = 3") && Catch::Contains("allowed [0, 2]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kText, "o.ini", {"eval.online_days=0"}), Catch::Contains("needs [eval] online_days"));
  const int saved = omp_get_max_threads();
  std::vector<results::Run> runs;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    auto [run, failed_units] = testing::run_scenario_in_temp_dir(sc, "simrec_online_");
    REQUIRE(failed_units == 0);
    runs.push_back(std::move(run));
  }
  omp_set_num_threads(saved);
  for (const char* v : {"pop", "wals"}) {
    const auto* a = runs[0].find(v, 1);
    const auto* b = runs[1].find(v, 1);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->metrics.at("online_ctr") > 0);
    CHECK(a->metrics.at("online_ctr") < 1);
    CHECK(a->metrics.at("online_watch_seconds_per_user") > 0);
    CHECK(a->metrics == b->metrics);
  }
}
