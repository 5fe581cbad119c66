// Multi-task tables: the schema checks, row selection, and the builders from the video world and
// the MMoE generator (datasets/multitask_builders.hpp).
#include <catch2/catch.hpp>

#include "datasets/multitask_builders.hpp"
#include "datasets/multitask_facts.hpp"
#include "dataset_fixture.hpp"
#include <cmath>

using namespace simrec;
using datasets::MultiTaskTable;

namespace {
MultiTaskTable tiny() {
  MultiTaskTable t;
  t.set_flat_tasks({"a", "b"}, {1, 0});
  t.field_names = {"f"};
  t.field_buckets = {3};
  t.dense_names = {"x"};
  t.rows = 3;
  t.categorical = {0, 2, 1};
  t.dense = {0.5f, 1.5f, 2.5f};
  t.labels = {1, 0.1f, 0, 0.2f, 1, 0.3f};
  return t;
}
}  // namespace

TEST_CASE("multitask table: select keeps the schema and picks rows in order", "[datasets][multitask]") {
  const MultiTaskTable t = tiny();
  REQUIRE_NOTHROW(t.validate());
  const MultiTaskTable s = t.select({2, 0});
  CHECK(s.rows == 2);
  CHECK(s.categorical == std::vector<std::uint32_t>{1, 0});
  CHECK(s.dense == std::vector<float>{2.5f, 0.5f});
  CHECK(s.label(0, 1) == Approx(0.3f));
  CHECK(s.task_names == t.task_names);
  CHECK(s.group_names == std::vector<std::string>{"all"});
}

TEST_CASE("multitask table: inconsistent tables are rejected with what is wrong", "[datasets][multitask][errors]") {
  MultiTaskTable t = tiny();
  t.categorical[1] = 3;
  CHECK_THROWS_WITH(t.validate(), Catch::Contains("field 'f' bucket 3 >= 3"));
  t = tiny();
  t.labels.pop_back();
  CHECK_THROWS_WITH(t.validate(), Catch::Contains("labels block"));
  t = tiny();
  t.mask = {1, 1};
  CHECK_THROWS_WITH(t.validate(), Catch::Contains("mask block"));
  CHECK_THROWS_WITH(datasets::resolve_task_list({"click", "clik"}, datasets::kVideoBehaviours, {}, "the video world"),
                    Catch::Contains("unknown task 'clik'") && Catch::Contains("allowed click, watch_seconds"));
  CHECK_THROWS_WITH(datasets::resolve_task_list({"click", "click"}, datasets::kVideoBehaviours, {}, "x"),
                    Catch::Contains("listed twice"));
}

TEST_CASE("multitask builder: video impressions as behaviour x user-group tasks with masks", "[datasets][multitask]") {
  const auto& data = datasets::testing::small_datasets();
  datasets::MultiTaskDataConfig cfg;
  cfg.by_user_group = 1;
  cfg.clicked_only = 1;
  const auto s = datasets::video_multitask_splits(data, {"completion_ratio", "finish", "skip"}, cfg);
  REQUIRE(s.train.num_tasks() == 9);
  CHECK(s.train.task_names[0] == "completion_ratio.New");
  CHECK(s.train.task_names[8] == "skip.High");
  CHECK(s.train.task_is_binary == std::vector<std::uint8_t>{0, 0, 0, 1, 1, 1, 1, 1, 1});
  std::size_t clicked = 0;
  for (auto c : data.ranking_train.click) clicked += c;
  CHECK(s.train.size() == clicked);
  REQUIRE(s.train.size() > 100);
  std::size_t per_group[3] = {0, 0, 0};
  for (std::size_t r = 0; r < s.train.size(); ++r) {
    int applies = 0;
    for (std::size_t t = 0; t < 9; ++t)
      if (s.train.applies(r, t)) {
        ++applies;
        CHECK(s.train.task_group[t] == s.train.group[r]);
      }
    CHECK(applies == 3);  // exactly its own group's three behaviours
    ++per_group[s.train.group[r]];
  }
  CHECK(per_group[0] > 0);
  CHECK(per_group[1] > 0);
  CHECK(per_group[2] > 0);
  CHECK(s.test.size() > 0);
  CHECK(s.train.num_dense() == 6);
  CHECK(s.train.field_buckets[0] == data.video_vocab.num_buckets());
  // Flat and all impressions: labels equal the source columns.
  const auto flat = datasets::video_multitask_splits(data, {"click", "log_watch_seconds"}, {});
  REQUIRE(flat.train.size() == data.ranking_train.size());
  CHECK(flat.train.mask.empty());
  CHECK(flat.train.group.empty());
  for (std::size_t r = 0; r < 50; ++r) {
    CHECK(flat.train.label(r, 0) == float(data.ranking_train.click[r]));
    CHECK(flat.train.label(r, 1) == Approx(std::log1p(data.ranking_train.watch_seconds[r])));
  }
}

TEST_CASE("multitask builder: watch-defined tasks on clicked impressions only, the rest on all", "[datasets][multitask]") {
  const auto& data = datasets::testing::small_datasets();
  datasets::MultiTaskDataConfig cfg;
  cfg.watch_tasks_on_clicks = 1;
  const auto s = datasets::video_multitask_splits(data, {"click", "completion_ratio", "finish"}, cfg);
  REQUIRE(s.train.size() == data.ranking_train.size());  // every impression kept
  REQUIRE(s.train.mask.size() == s.train.size() * 3);
  std::size_t clicked = 0;
  for (std::size_t r = 0; r < s.train.size(); ++r) {
    const bool click = data.ranking_train.click[r] != 0;
    clicked += click;
    CHECK(s.train.applies(r, 0));          // click: every impression
    CHECK(s.train.applies(r, 1) == click);  // completion ratio: clicked ones only
    CHECK(s.train.applies(r, 2));          // finish: a binary behaviour, every impression
    if (click) CHECK(s.train.label(r, 1) == Approx(data.ranking_train.completion_ratio[r]));
  }
  CHECK(clicked > 100);
  CHECK(clicked < s.train.size());
  CHECK_THAT(s.protocol, Catch::Contains("clicked impressions only"));
  // With clicked_only the option changes nothing (every row is clicked): no masks.
  cfg.clicked_only = 1;
  CHECK(datasets::video_multitask_splits(data, {"click", "completion_ratio"}, cfg).train.mask.empty());
}

TEST_CASE("multitask facts: rows per split, and per task its applicable training rows and mean label", "[datasets][multitask]") {
  datasets::MultiTaskSplits s;
  s.train.set_flat_tasks({"click", "completion_ratio"}, {1, 0});
  s.train.rows = 4;
  // rows x tasks: click on every row; completion only where clicked (rows 1 and 3)
  s.train.labels = {0, 0, 1, 0.5f, 0, 0, 1, 0.25f};
  s.train.mask = {1, 0, 1, 1, 1, 0, 1, 1};
  s.validation.rows = 2;
  s.test.rows = 3;
  datasets::add_split_facts(s);
  CHECK(s.stats.at("rows_train") == 4);
  CHECK(s.stats.at("rows_validation") == 2);
  CHECK(s.stats.at("rows_test") == 3);
  CHECK(s.stats.at("rows_train:click") == 4);
  CHECK(s.stats.at("label_mean_train:click") == Approx(0.5));
  CHECK(s.stats.at("rows_train:completion_ratio") == 2);
  CHECK(s.stats.at("label_mean_train:completion_ratio") == Approx(0.375));  // (0.5 + 0.25) / 2: masked rows left out
  // Without masks every row counts for every task.
  s.train.mask.clear();
  datasets::add_split_facts(s);
  CHECK(s.stats.at("rows_train:completion_ratio") == 4);
  CHECK(s.stats.at("label_mean_train:completion_ratio") == Approx(0.1875));
}

TEST_CASE("multitask builder: the MMoE generator split and its correlation facts", "[datasets][multitask]") {
  sim::MmoeSyntheticConfig g;
  g.num_samples = 1000;
  g.dim = 10;
  g.task_correlation = 0.5;
  datasets::MultiTaskDataConfig cfg;
  cfg.test_fraction = 0.2;
  cfg.validation_fraction = 0.1;
  const auto s = datasets::mmoe_synthetic_splits(g, 7, {}, cfg);
  CHECK(s.test.size() == 200);
  CHECK(s.validation.size() == 80);
  CHECK(s.train.size() == 720);
  CHECK(s.train.num_dense() == 10);
  CHECK(s.train.task_names == std::vector<std::string>{"task1", "task2"});
  CHECK(s.stats.at("task_weight_cosine") == Approx(0.5).margin(1e-9));
  CHECK(std::abs(s.stats.at("task_label_correlation")) < 1.0);
  // Test rows are the generator's first rows.
  const auto d = sim::generate_mmoe_synthetic(g, 7);
  CHECK(s.test.label(3, 1) == d.y2[3]);
  CHECK(s.train.label(0, 0) == d.y1[280]);
  CHECK_THROWS_WITH(datasets::mmoe_synthetic_splits(g, 7, {"task3"}, cfg), Catch::Contains("allowed task1, task2"));
}
