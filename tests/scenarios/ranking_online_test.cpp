// Online check of rankers (eval.online_days with task = ranking; scenarios/ranking_policy.hpp): the
// candidate rows the RankingSlatePolicy scores are the dataset's impression rows feature for
// feature (replayed on the logged pages), candidates come from observable data only, the served
// slate is the ranker's best, and the runner records the online_* metrics (click-bait ones
// included) identically for 1 and 2 threads, with the harness's oracle references.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <omp.h>

#include "algorithms/registry.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/ranking_policy.hpp"
#include "scenarios/runner.hpp"
#include "sim/world/online.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {

struct Fixture {
  sim::VideoWorldConfig world_config;
  datasets::DatasetConfig data_config;
  std::unique_ptr<sim::World> world;
  datasets::VideoDatasets data;
  std::unique_ptr<algorithms::Algorithm> rate;
  Fixture() {
    world_config.num_users = 150;
    world_config.num_videos = 300;
    world_config.num_channels = 30;
    world_config.num_days = 4;
    world = std::make_unique<sim::World>(world_config, 9);
    data_config.train_days = 3;
    data_config.test_days = 1;
    // No filters: the dataset's rows then see exactly the events the online state holds.
    data_config.filter_abnormal_watch = data_config.filter_video_duration = 0;
    data_config.filter_min_video_views = data_config.filter_min_user_interactions = 0;
    data = datasets::build_video_datasets(*world, data_config);
    const auto& info = algorithms::registry().get("rate");
    rate = info.make(algorithms::OptionValues(info.options, {}, "t"));
  }
  algorithms::RankingAlgorithm& ranker() { return dynamic_cast<algorithms::RankingAlgorithm&>(*rate); }
};

// Serves the logging policy's slates (so the stream is the logged one) and keeps, per page, the
// ranking policy's rows for the videos shown.
class Capture final : public sim::SlatePolicy {
 public:
  Capture(const sim::World& w, const scenarios::RankingSlatePolicy& ranking) : logging_(w), ranking_(ranking) {}
  void recommend(const sim::SlateRequest& request, random::Rng& rng, std::vector<sim::SlateItem>& out) const override {
    logging_.recommend(request, rng, out);
    std::vector<sim::VideoId> videos;
    for (const auto& item : out) videos.push_back(item.video);
    auto rows = ranking_.candidate_rows(request, videos);
    const std::lock_guard<std::mutex> lock(mutex_);
    if (rows.size() > 0) pages[rows.page_key[0]] = std::move(rows);
  }
  mutable std::map<std::uint64_t, datasets::RankingSamples> pages;

 private:
  sim::LoggingPolicy logging_;
  const scenarios::RankingSlatePolicy& ranking_;
  mutable std::mutex mutex_;
};

const std::string kText =
    "name = r\ntask = ranking\nseeds = 1\n"
    "metrics = weighted_per_user_loss, auc, online_ctr, online_watch_seconds_per_impression, online_clickbait_mean, online_clickbait_share, "
    "oracle_click_weighted_per_user_loss, oracle_watch_weighted_per_user_loss\n"
    "[sim]\nnum_users = 200\nnum_videos = 300\nnum_channels = 30\nnum_days = 5\n[data]\ntrain_days = 4\ntest_days = 1\n"
    "[eval]\nonline_days = 1\n[variant.rate]\nalgorithm = rate\n"
    "[variant.rank]\nalgorithm = youtube_rank\ntower = 16\nepochs = 1\nweighted = true, false\n";

}  // namespace

TEST_CASE("ranking policy: candidate rows are the dataset's impression rows, feature for feature", "[scenarios][online][ranking]") {
  Fixture f;
  const scenarios::RankingSlatePolicy policy(f.ranker(), *f.world, f.data, f.data_config);
  const Capture capture(*f.world, policy);
  sim::OnlineOptions o;
  o.first_day = 3;
  o.num_days = 1;
  sim::simulate_online(*f.world, capture, o);
  const auto& test = f.data.ranking_test;
  REQUIRE(test.size() > 300);
  std::size_t compared = 0;
  for (std::size_t r = 0; r < test.size(); ++r) {
    const auto it = capture.pages.find(test.page_key[r]);
    REQUIRE(it != capture.pages.end());
    const auto& rows = it->second;
    const std::size_t k = test.position[r] - 1u;  // the logging policy's slate order
    REQUIRE(k < rows.size());
    INFO("test row " << r << " position " << int(test.position[r]));
    CHECK(rows.video_raw[k] == test.video_raw[r]);
    CHECK(rows.video[k] == test.video[r]);
    CHECK(rows.channel[k] == test.channel[r]);
    CHECK(rows.genre[k] == test.genre[r]);
    CHECK(rows.region[k] == test.region[r]);
    CHECK(rows.user_group[k] == test.user_group[r]);
    CHECK(rows.age_bucket[k] == test.age_bucket[r]);
    CHECK(rows.gender[k] == test.gender[r]);
    CHECK(rows.device[k] == test.device[r]);
    CHECK(rows.logged_in[k] == test.logged_in[r]);
    CHECK(rows.time_seconds[k] == test.time_seconds[r]);
    for (std::size_t c = 0; c < datasets::kNumContinuous; ++c) {
      INFO(datasets::kContinuousNames[c]);
      CHECK(rows.continuous_at(k, c) == test.continuous_at(r, c));
      CHECK(rows.continuous_quantile[k * datasets::kNumContinuous + c] == test.continuous_quantile[r * datasets::kNumContinuous + c]);
    }
    const auto a = rows.recent_of(k), b = test.recent_of(r);
    CHECK(std::vector<std::uint32_t>(a.begin(), a.end()) == std::vector<std::uint32_t>(b.begin(), b.end()));
    CHECK(rows.position[k] == 1);
    CHECK(rows.click[k] == 0);
    CHECK(rows.weight[k] == 1.0f);
    ++compared;
  }
  CHECK(compared == test.size());
}

TEST_CASE("ranking policy: observable candidates, the ranker's best slate", "[scenarios][online][ranking]") {
  Fixture f;
  scenarios::RankingCandidates c;
  c.popular = 5;
  c.recent = 2;
  c.per_channel = 3;
  c.per_genre = 4;
  const scenarios::RankingSlatePolicy policy(f.ranker(), *f.world, f.data, f.data_config, c);
  const auto& cat = f.world->catalog();
  const auto keys = f.data.video_vocab.keys();
  sim::UserState state;
  const sim::VideoId a = keys[20], b = keys[40];
  state.watches = {{10.0, a, 5.0f}, {20.0, b, 5.0f}, {30.0, b, 5.0f}};
  sim::ObservedUser user;
  user.id = 3;
  const double t = 3.5 * sim::kSecondsPerDay;
  const sim::SlateRequest request{user, state, t, 3, 8};
  const auto candidates = policy.candidates(request);
  // The 5 most watched, then the channels' and genres' most watched (of b first: newest watch).
  REQUIRE(candidates.size() >= 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(candidates[i] == keys[i]);
  for (sim::VideoId v : candidates) {
    CHECK(f.data.video_vocab.contains(v));
    const bool popular = f.data.video_vocab.index(v) < 5;
    const bool channel = cat.video_channel[v] == cat.video_channel[a] || cat.video_channel[v] == cat.video_channel[b];
    const bool genre = cat.video_genre[v] == cat.video_genre[a] || cat.video_genre[v] == cat.video_genre[b];
    CHECK((popular || channel || genre));
  }
  std::vector<sim::VideoId> sorted = candidates;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  CHECK(candidates.size() <= 5 + 2 * 3 + 2 * 4);
  // The slate: the fitted rate ranker's 8 best candidates, best first.
  algorithms::NullLogger log;
  f.ranker().fit(algorithms::make_train_view(f.data, 1), log);
  const auto scores = f.ranker().score(policy.candidate_rows(request, candidates));
  std::vector<sim::SlateItem> slate;
  random::Rng rng(1, "test", 0);
  policy.recommend(request, rng, slate);
  REQUIRE(slate.size() == 8);
  std::vector<float> sorted_scores = scores;
  std::sort(sorted_scores.rbegin(), sorted_scores.rend());
  for (std::size_t i = 0; i < slate.size(); ++i) {
    const auto at = std::find(candidates.begin(), candidates.end(), slate[i].video) - candidates.begin();
    CHECK(scores[std::size_t(at)] == sorted_scores[i]);
  }
}

TEST_CASE("ranking online check: online_* metrics with click-bait, the same for 1 and 2 threads", "[scenarios][online][ranking][runner]") {
  const auto sc = scenarios::load_scenario_text(kText, "r.ini", {});
  CHECK(sc.resolved_text().find("online_days = 1\n") != std::string::npos);
  const std::string dir = testing::make_temp_dir("simrec_rank_online_");
  const int saved = omp_get_max_threads();
  std::vector<results::Run> runs;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    scenarios::RunOptions ro;
    ro.out_path = dir + "/r" + std::to_string(threads) + ".h5";
    ro.progress_out = stdout;
    REQUIRE(scenarios::run_scenario(sc, ro).failed_units == 0);
    runs.push_back(results::read_run(ro.out_path));
  }
  omp_set_num_threads(saved);
  for (const char* v : {"rate", "rank[weighted=true]", "rank[weighted=false]"}) {
    INFO(v);
    const auto* a = runs[0].find(v, 1);
    const auto* b = runs[1].find(v, 1);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->metrics.at("online_ctr") > 0);
    CHECK(a->metrics.at("online_watch_seconds_per_impression") > 0);
    CHECK(a->metrics.at("online_clickbait_mean") > 0);
    CHECK(a->metrics.at("online_clickbait_mean") < 1);
    CHECK(a->metrics.at("online_clickbait_share") >= 0);
    CHECK(a->metrics.at("online_clickbait_share") <= 1);
    CHECK(a->metrics.count("weighted_per_user_loss") == 1);
    CHECK(a->metrics == b->metrics);
    // The oracles depend on the data only; in the default world watch time is dominated by
    // duration, which the click model ignores, so the watch-time oracle is far ahead.
    CHECK(a->metrics.at("oracle_watch_weighted_per_user_loss") == runs[0].find("rate", 1)->metrics.at("oracle_watch_weighted_per_user_loss"));
    CHECK(a->metrics.at("oracle_watch_weighted_per_user_loss") < 0.8 * a->metrics.at("oracle_click_weighted_per_user_loss"));
  }
  std::filesystem::remove_all(dir);
}
