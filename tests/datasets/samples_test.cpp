// Sample tables built from a world: time splits never leak test-period events into training;
// per-user fixed sample counts; histories are exactly the earlier watches (rollback); vocabularies
// count training data only; normalisers are fitted on training rows.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "dataset_fixture.hpp"
#include "datasets/multitask_samples.hpp"

using namespace simrec;
using namespace simrec::datasets;
using namespace simrec::datasets::testing;
using sim::Event;
using sim::EventKind;

namespace {
// The filtered log the builder saw, per user: (time, video) watches in time order.
std::map<sim::UserId, std::vector<std::pair<double, sim::VideoId>>> kept_watches(const DatasetConfig& c) {
  const std::vector<Event> kept = filter_events(small_world_events(), small_world().catalog(), c, TimeSplit::from_config(c));
  std::map<sim::UserId, std::vector<std::pair<double, sim::VideoId>>> w;
  for (const Event& e : kept)
    if (e.kind == EventKind::Watch) w[e.user_id].push_back({e.time_seconds, e.video_id});
  return w;
}
}  // namespace

TEST_CASE("no test-period event appears in a training split", "[datasets][split]") {
  const VideoDatasets& ds = small_datasets();
  const double train_end = ds.split.train_end_seconds();
  const double valid_end = double(ds.split.validation_end_day) * sim::kSecondsPerDay;
  const double test_end = double(ds.split.test_end_day) * sim::kSecondsPerDay;
  REQUIRE(ds.retrieval_train.size() > 500);
  REQUIRE(ds.retrieval_test.size() > 50);
  REQUIRE(ds.ranking_train.size() > 5000);
  REQUIRE(ds.ranking_test.size() > 1000);
  for (double t : ds.retrieval_train.time_seconds) REQUIRE(t < train_end);
  for (double t : ds.ranking_train.time_seconds) REQUIRE(t < train_end);
  for (double t : ds.retrieval_validation.time_seconds) REQUIRE((t >= train_end && t < valid_end));
  for (double t : ds.retrieval_test.time_seconds) REQUIRE((t >= valid_end && t < test_end));
  for (double t : ds.ranking_test.time_seconds) REQUIRE((t >= valid_end && t < test_end));
  CHECK(ds.t_max_seconds < train_end);

  // Every training history is exactly the user's earlier (training) watches: rebuild them.
  const auto watches = kept_watches(small_data_config());
  const RetrievalSamples& r = ds.retrieval_train;
  std::size_t checked = 0;
  for (std::size_t row = 0; row < r.size(); ++row) {
    const auto& w = watches.at(r.user_id[row]);
    std::vector<std::uint32_t> expected;
    for (const auto& [t, v] : w)
      if (t < r.time_seconds[row]) expected.push_back(ds.video_vocab.index(v));
    if (expected.size() > 50) expected.erase(expected.begin(), expected.end() - 50);
    const auto h = r.history_of(row);
    REQUIRE(std::vector<std::uint32_t>(h.begin(), h.end()) == expected);
    ++checked;
  }
  CHECK(checked == r.size());
  // Ranking rows: the recent-watch ids precede the impression.
  for (std::size_t row = 0; row < ds.ranking_train.size(); row += 97) {
    const auto& w = watches.at(ds.ranking_train.user_id[row]);
    std::size_t before = 0;
    for (const auto& [t, v] : w) before += t < ds.ranking_train.time_seconds[row];
    CHECK(ds.ranking_train.continuous_at(row, 5) == float(before));
  }
}

TEST_CASE("vocabularies count training watches only and test-only videos are out of vocabulary", "[datasets][vocab]") {
  const VideoDatasets& ds = small_datasets();
  const auto watches = kept_watches(small_data_config());
  std::map<sim::VideoId, std::uint64_t> train_counts;
  std::set<sim::VideoId> test_only;
  for (const auto& [user, w] : watches)
    for (const auto& [t, v] : w) {
      if (ds.split.of_time(t) == Split::Train) ++train_counts[v];
    }
  for (const auto& [user, w] : watches)
    for (const auto& [t, v] : w)
      if (!train_counts.count(v)) test_only.insert(v);
  REQUIRE(ds.video_vocab.size() == train_counts.size());
  for (std::size_t i = 0; i < ds.video_vocab.size(); ++i) CHECK(ds.video_vocab.counts()[i] == train_counts[ds.video_vocab.keys()[i]]);
  for (sim::VideoId v : test_only) CHECK(ds.video_vocab.index(v) == ds.video_vocab.oov_index());
  // Test labels of such videos carry the OOV index and their raw id.
  for (std::size_t row = 0; row < ds.retrieval_test.size(); ++row)
    CHECK(ds.retrieval_test.label[row] == ds.video_vocab.index(ds.retrieval_test.label_video[row]));
}

TEST_CASE("each user contributes a fixed number of training examples", "[datasets][retrieval]") {
  const VideoDatasets& ds = small_datasets();
  const auto watches = kept_watches(small_data_config());
  std::map<sim::UserId, std::size_t> rows;
  for (sim::UserId u : ds.retrieval_train.user_id) ++rows[u];
  std::size_t full = 0;
  for (const auto& [user, w] : watches) {
    std::size_t train = 0;
    for (const auto& [t, v] : w) train += ds.split.of_time(t) == Split::Train;
    CHECK(rows[user] == std::min<std::size_t>(train, 10));
    full += train >= 10;
  }
  CHECK(full > 100);
  for (float age : ds.retrieval_train.example_age_days) CHECK((age >= 0 && age <= 5.0f));
  for (float age : ds.retrieval_test.example_age_days) CHECK(age == 0.0f);
}

TEST_CASE("random hold-out labels use every other training watch as input", "[datasets][retrieval]") {
  DatasetConfig c = small_data_config();
  c.label_mode = 1;
  const VideoDatasets ds = build_video_datasets(small_world(), c);
  const auto watches = kept_watches(c);
  std::size_t uses_future = 0;
  for (std::size_t row = 0; row < ds.retrieval_train.size(); ++row) {
    const auto& w = watches.at(ds.retrieval_train.user_id[row]);
    std::size_t train = 0, later = 0;
    for (const auto& [t, v] : w) {
      train += ds.split.of_time(t) == Split::Train;
      later += ds.split.of_time(t) == Split::Train && t > ds.retrieval_train.time_seconds[row];
    }
    CHECK(ds.retrieval_train.history_of(row).size() == std::min<std::size_t>(train - 1, 50));
    uses_future += later > 0;
  }
  CHECK(uses_future > ds.retrieval_train.size() / 2);  // the leak the article warns about
}

TEST_CASE("ranking rows carry labels, weights and training-fitted normalised features", "[datasets][ranking]") {
  const VideoDatasets& ds = small_datasets();
  const RankingSamples& r = ds.ranking_train;
  std::size_t clicks = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.click[i]) {
      ++clicks;
      CHECK(r.weight[i] == r.watch_seconds[i]);
    } else {
      CHECK(r.weight[i] == 1.0f);
      CHECK(r.watch_seconds[i] == 0.0f);
    }
    CHECK((r.propensity[i] > 0 && r.propensity[i] <= 1));
    CHECK((r.position[i] >= 1 && r.position[i] <= 8));
  }
  CHECK(clicks > 100);
  // Quantile-normalised training columns are ~uniform on [0, 1): mean near 1/2 for a continuous one.
  REQUIRE(ds.ranking_quantiles.size() == kNumContinuous);
  double mean = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const float q = r.continuous_quantile[i * kNumContinuous + 0];
    REQUIRE((q >= 0.0f && q < 1.0f));
    mean += q;
  }
  CHECK(mean / double(r.size()) == Approx(0.5).margin(0.02));
  // Test rows are transformed with the training knots.
  const RankingSamples& t = ds.ranking_test;
  for (std::size_t i = 0; i < t.size(); i += 53)
    CHECK(t.continuous_quantile[i * kNumContinuous + 1] == ds.ranking_quantiles[1].transform(t.continuous[i * kNumContinuous + 1]));
  CHECK(ds.ranking_zscores[0].mean() > 0);
}

TEST_CASE("multi-task samples expose labels per task and user group", "[datasets][multitask]") {
  const VideoDatasets& ds = small_datasets();
  const MultiTaskSamples mt = make_multitask_samples(ds.ranking_train, {"completion_ratio", "finish", "skip"}, true);
  REQUIRE(mt.num_tasks() == 3);
  REQUIRE(mt.size() > 100);
  CHECK(mt.task_is_binary == std::vector<std::uint8_t>{0, 1, 1});
  for (std::size_t i = 0; i < mt.size(); ++i) {
    const std::uint32_t row = mt.row[i];
    CHECK(ds.ranking_train.click[row] == 1);
    CHECK(mt.label(i, 0) == ds.ranking_train.completion_ratio[row]);
    CHECK(mt.user_group[i] == ds.ranking_train.user_group[row]);
  }
  CHECK_THROWS_WITH(make_multitask_samples(ds.ranking_train, {"dwell"}), Catch::Matchers::Contains("allowed click"));
}

TEST_CASE("bad dataset configs are rejected naming the parameter and its range", "[datasets][config]") {
  DatasetConfig c;
  c.train_days = 14;
  CHECK_THROWS_WITH(c.validate(14), Catch::Matchers::Contains("data.train_days = 14") && Catch::Matchers::Contains("allowed [1, 13]"));
  c = {};
  c.train_days = 10;
  c.test_days = 5;
  CHECK_THROWS_WITH(c.validate(14), Catch::Matchers::Contains("= 15 is out of range") && Catch::Matchers::Contains("sim.num_days = 14"));
  c = {};
  c.min_video_views = -1;
  CHECK_THROWS_WITH(c.validate(14), Catch::Matchers::Contains("data.min_video_views = -1"));
  c = {};
  CHECK_THROWS_WITH(c.set("label_mode", "2"), Catch::Matchers::Contains("data.label_mode = 2") && Catch::Matchers::Contains("[0, 1]"));
  CHECK_THROWS_AS(build_video_datasets(small_world(), [] {
                    DatasetConfig d;
                    d.train_days = 8;
                    return d;
                  }()),
                  config::ConfigError);
}
