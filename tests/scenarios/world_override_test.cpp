// Variants overriding [sim] knobs (sim.task_correlation = 1, -0.5): parsed and validated like the
// other section overrides, and run on a world of their own built from the same seed -- the same
// world, bit for bit, that a scenario with those knobs in its [sim] section builds.
#include <catch2/catch.hpp>

#include <string>

#include "support/scenario_run.hpp"

using namespace simrec;

namespace {

const std::string kWorld = R"(name = w
task = multitask
seeds = 3
metrics = auc, mse
[sim]
num_users = 150
num_videos = 200
num_channels = 20
num_days = 8
[data]
train_days = 5
validation_days = 1
test_days = 2
[multitask]
tasks = click, completion_ratio
watch_tasks_on_clicks = 1
)";

const std::string kVariant = R"([variant.single]
algorithm = single_task
bottom_hidden = 8
epochs = 1
)";

}  // namespace

TEST_CASE("scenario: variants may override [sim] knobs, as a grid", "[scenarios]") {
  const auto sc = scenarios::load_scenario_text(kWorld + kVariant + "sim.task_correlation = 1, -0.5\n", "w.ini", {});
  REQUIRE(sc.variants.size() == 2);
  CHECK(sc.variants[0].name == "single[sim.task_correlation=1]");
  CHECK(sc.world_for(sc.variants[0]).task_correlation == 1.0);
  CHECK(sc.world_for(sc.variants[1]).task_correlation == -0.5);
  CHECK(sc.world_for(sc.variants[1]).num_users == 150);  // the rest of [sim] is kept
  CHECK(sc.world.task_correlation == 0.5);               // the scenario's own world is untouched
  CHECK(sc.data_key(sc.variants[0]) != sc.data_key(sc.variants[1]));
  CHECK(sc.resolved_text().find("sim.task_correlation = -0.5\n") != std::string::npos);

  CHECK_THROWS_WITH(scenarios::load_scenario_text(kWorld + kVariant + "sim.task_correlation = 2\n", "w.ini", {}),
                    Catch::Contains("w.ini") && Catch::Contains("sim.task_correlation = 2") && Catch::Contains("[-1, 1]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kWorld + kVariant + "sim.task_corelation = 0\n", "w.ini", {}),
                    Catch::Contains("sim.task_corelation") && Catch::Contains("did you mean 'task_correlation'"));
  // Checked against the variant's own world: its split must fit in its sim.num_days.
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kWorld + kVariant + "sim.num_days = 6\n", "w.ini", {}),
                    Catch::Contains("[variant.single]") && Catch::Contains("num_days"));
  // Cross-knob rules of the world apply to the overridden world.
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kWorld + kVariant + "sim.new_user_fraction = 0.9\nsim.high_user_fraction = 0.5\n",
                                                  "w.ini", {}),
                    Catch::Contains("[variant.single]") && Catch::Contains("new_user_fraction + sim.high_user_fraction"));
}

TEST_CASE("scenario: [sim] overrides are refused where no video world is simulated", "[scenarios]") {
  const std::string synthetic = R"(name = s
task = multitask
seeds = 1
metrics = mse
[data]
source = mmoe_synthetic
[mmoe]
dim = 8
num_samples = 400
[multitask]
tasks = task1, task2
[variant.single]
algorithm = single_task
sim.task_correlation = 0
)";
  CHECK_THROWS_WITH(scenarios::load_scenario_text(synthetic, "s.ini", {}),
                    Catch::Contains("[variant.single] sim.task_correlation") && Catch::Contains("data.source = mmoe_synthetic") &&
                        Catch::Contains("does not simulate the video world"));
}

TEST_CASE("runner: a variant's [sim] overrides build the world a scenario with them in [sim] builds", "[scenarios][runner]") {
  const auto grid = scenarios::load_scenario_text(kWorld + kVariant + "sim.task_correlation = 0.5, -0.5\n", "w.ini", {});
  std::string moved = kWorld;
  moved.replace(moved.find("num_days = 8\n"), 13, "num_days = 8\ntask_correlation = -0.5\n");
  const auto plain = scenarios::load_scenario_text(moved + kVariant, "p.ini", {});
  REQUIRE(plain.world.task_correlation == -0.5);

  const auto a = testing::run_scenario_in_temp_dir(grid, "simrec_world_override_");
  const auto b = testing::run_scenario_in_temp_dir(plain, "simrec_world_override_");
  REQUIRE(a.failed_units == 0);
  REQUIRE(b.failed_units == 0);
  const auto* same = a.run.find("single[sim.task_correlation=0.5]", 3);
  const auto* other = a.run.find("single[sim.task_correlation=-0.5]", 3);
  const auto* reference = b.run.find("single", 3);
  REQUIRE(same);
  REQUIRE(other);
  REQUIRE(reference);
  CHECK(other->options.find("sim.task_correlation = -0.5") != std::string::npos);
  // Different worlds, different data; the overridden one is the plain scenario's, bit for bit.
  CHECK(same->data_hash != other->data_hash);
  CHECK(other->data_hash == reference->data_hash);
  REQUIRE(other->metrics.size() == reference->metrics.size());
  for (const auto& [name, value] : reference->metrics) {
    INFO(name);
    CHECK(other->metrics.at(name) == value);
  }
  // The completion labels come from the correlated driver: their training mean moves with rho.
  CHECK(same->metrics.at("data_label_mean_train:completion_ratio") != other->metrics.at("data_label_mean_train:completion_ratio"));
}
