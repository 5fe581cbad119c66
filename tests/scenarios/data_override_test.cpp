// Variants overriding [data] knobs: parsed and validated like options (grids included, errors
// naming the variant, knob and allowed range), recorded in the resolved text, and run on their own
// datasets built from the same world (same event-stream hash, one dataset build per config).
#include <catch2/catch.hpp>
#include <filesystem>

#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {
const std::string kText = R"(name = d
task = retrieval
seeds = 1
metrics = recall@10, popularity_rank@10
[sim]
num_users = 200
num_videos = 300
num_channels = 30
[data]
train_days = 10
[variant.pop]
algorithm = mostpop
[variant.knn]
algorithm = itemknn
data.label_mode = 0, 1
)";
}  // namespace

TEST_CASE("scenario: variants may override data knobs, as a grid", "[scenarios]") {
  const auto sc = scenarios::load_scenario_text(kText, "d.ini", {});
  REQUIRE(sc.variants.size() == 3);
  CHECK(sc.variants[0].data_overrides.empty());
  CHECK(sc.variants[1].name == "knn[data.label_mode=0]");
  CHECK(sc.variants[2].name == "knn[data.label_mode=1]");
  CHECK(sc.data_for(sc.variants[2]).label_mode == 1);
  CHECK(sc.data_for(sc.variants[0]).label_mode == 0);
  CHECK(sc.resolved_text().find("data.label_mode = 1\n") != std::string::npos);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kText, "d.ini", {"variant.pop.data.label_mode=2"}),
                    Catch::Contains("variant.pop.data.label_mode = 2") && Catch::Contains("[0, 1]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kText, "d.ini", {"variant.pop.data.label_mod=1"}),
                    Catch::Contains("data.label_mod") && Catch::Contains("did you mean 'label_mode'"));
  // Checked against the world too: the override's split must fit in sim.num_days.
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kText, "d.ini", {"variant.pop.data.test_days=20"}),
                    Catch::Contains("[variant.pop]") && Catch::Contains("test_days"));
}

TEST_CASE("runner: data overrides run on their own datasets of the same world", "[scenarios][runner]") {
  const auto sc = scenarios::load_scenario_text(kText, "d.ini", {});
  const std::string dir = testing::make_temp_dir("simrec_data_override_");
  scenarios::RunOptions ro;
  ro.out_path = dir + "/d.h5";
  ro.progress_out = stdout;
  const auto outcome = scenarios::run_scenario(sc, ro);
  CHECK(outcome.failed_units == 0);
  const auto run = results::read_run(outcome.path);
  const auto* next = run.find("knn[data.label_mode=0]", 1);
  const auto* holdout = run.find("knn[data.label_mode=1]", 1);
  const auto* pop = run.find("pop", 1);
  REQUIRE(next);
  REQUIRE(holdout);
  REQUIRE(pop);
  CHECK(holdout->options.find("data.label_mode = 1") != std::string::npos);
  CHECK(next->data_hash == holdout->data_hash);  // the same simulated world and events
  // MostPop recommends the head of the vocabulary (ordered by training watches): mean rank near the
  // minimum 5.5 (ranks 1..10), far from a uniform draw's ~V/2.
  CHECK(pop->metrics.at("popularity_rank@10") >= 5.5);
  CHECK(pop->metrics.at("popularity_rank@10") < 20);
  // Test queries do not depend on the training label protocol; the models differ.
  CHECK(next->metrics.count("recall@10") == 1);
  std::filesystem::remove_all(dir);
}
