// The forecast path of the harness: the [inventory] / [forecast] sections (errors name the file,
// the knob and its range), scenarios/lstm-groups.ini loads at every scale, and a tiny end-to-end
// run records the WMAPE metrics, the per-group metrics and the holiday and monthly curves; the
// baselines see the same data (same hash).
#include <catch2/catch.hpp>

#include <filesystem>

#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "support/python_runner.hpp"

using namespace simrec;
using Catch::Matchers::Contains;

namespace {

const char* kTiny = R"(name = tiny-forecast
task = forecast
seeds = 4
metrics = wmape, wmape_holiday
[inventory]
num_days = 300
num_regions = 2
num_age_buckets = 2
num_member_levels = 2
max_cross_dims = 2
[forecast]
offline_days = 250
test_days = 50
curve_days = 5
[variant.lstm]
algorithm = lstm_forecast
max_epochs = 1
epoch_windows = 256
hidden_size = 8
[variant.naive]
algorithm = seasonal_naive
)";

std::string load_error(const std::string& text, const std::vector<std::string>& overrides) {
  try {
    scenarios::load_scenario_text(text, "f.ini", overrides);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("forecast scenarios: sections are parsed and checked", "[scenarios][forecast]") {
  for (const char* scale : {"smoke", "default", "paper"}) {
    const auto sc = scenarios::load_scenario(std::string(SIMREC_SOURCE_DIR) + "/scenarios/lstm-groups.ini", {}, scale);
    CHECK(sc.task == algorithms::Task::Forecast);
    CHECK(sc.variants.size() == 6);
    CHECK(sc.forecast.offline_days + sc.forecast.test_days <= sc.inventory.num_days);
  }
  const auto sc = scenarios::load_scenario_text(kTiny, "f.ini", {"inventory.holiday_lift=0.5"});
  CHECK(sc.inventory.holiday_lift == 0.5);
  CHECK_THAT(sc.resolved_text(), Contains("[inventory]") && Contains("holiday_lift = 0.5") && Contains("[forecast]"));
  CHECK_THAT(load_error(kTiny, {"inventory.num_days=10"}), Contains("inventory.num_days = 10") && Contains("[28, 36500]"));
  CHECK_THAT(load_error(kTiny, {"forecast.test_days=100"}), Contains("forecast.offline_days + forecast.test_days = 350") &&
                                                                Contains("inventory.num_days = 300"));
  CHECK_THAT(load_error(kTiny, {"inventory.holiday_lfit=1"}), Contains("unknown option inventory.holiday_lfit"));
  CHECK_THAT(load_error(kTiny, {"metrics=auc"}), Contains("metric 'auc'") && Contains("wmape"));
  const std::string retrieval = "name = r\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[inventory]\nnum_days = 400\n"
                                "[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THAT(load_error(retrieval, {}), Contains("only for task = forecast"));
}

TEST_CASE("forecast runner: a tiny end-to-end run records WMAPE, groups and curves", "[scenarios][forecast][runner]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "f.ini", {});
  const std::string dir = testing::make_temp_dir("simrec_forecast_run_");
  scenarios::RunOptions ro;
  ro.out_path = dir + "/f.h5";
  ro.progress_out = stdout;
  const auto outcome = scenarios::run_scenario(sc, ro);
  CHECK(outcome.failed_units == 0);
  const auto run = results::read_run(outcome.path);
  const auto* lstm = run.find("lstm", 4);
  const auto* naive = run.find("naive", 4);
  REQUIRE(lstm != nullptr);
  REQUIRE(naive != nullptr);
  CHECK(lstm->data_hash == naive->data_hash);
  for (const char* m : {"wmape", "wmape_mean_cross", "wmape_dims_0", "wmape_dims_2", "wmape_last_month", "num_groups", "wmape_group_0"})
    CHECK(lstm->metrics.count(m) == 1);
  CHECK(lstm->metrics.at("wmape") > 0);
  CHECK(lstm->metrics.at("wmape") < 1);
  CHECK(naive->metrics.count("wmape_group_0") == 0);
  CHECK(lstm->curves.at("wmape_by_month").x.size() == 2);
  CHECK(lstm->curves.count("train_loss_group_0") == 1);
  CHECK(lstm->curves.count("online_loss_group_0") == 1);
  // The first long holiday of the test period (National Day, day 273): 5 days before to 5 after its 7 days.
  REQUIRE(lstm->curves.count("holiday_actual_all") == 1);
  CHECK(lstm->curves.at("holiday_actual_all").x.front() == -5);
  CHECK(lstm->curves.at("holiday_forecast_dims2").x.size() == 17);
  std::filesystem::remove_all(dir);
}
