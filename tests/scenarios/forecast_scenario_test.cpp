// The forecast path of the harness: the [inventory] / [forecast] sections (errors name the file,
// the knob and its range), scenarios/lstm-groups.ini loads at every scale, and a tiny end-to-end
// run records the WMAPE metrics, the per-group metrics and the holiday and monthly curves; the
// baselines see the same data (same hash).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "results/store/run_file.hpp"
#include "scenarios/forecast_runner.hpp"
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
    CHECK(sc.variants.size() == 7);
    CHECK(sc.forecast.offline_days + sc.forecast.test_days <= sc.inventory.num_days);
    const auto drift = scenarios::load_scenario(std::string(SIMREC_SOURCE_DIR) + "/scenarios/lstm-drift.ini", {}, scale);
    CHECK(drift.variants.size() == 7);
    CHECK(drift.forecast.offline_days + drift.forecast.test_days <= drift.inventory.num_days);
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
  // The signed bias is bounded by the WMAPE of the same cells: |sum(p - y)| <= sum |p - y|.
  const auto& bias = naive->curves.at("bias_by_month");
  REQUIRE(bias.y.size() == 2);
  for (std::size_t m = 0; m < 2; ++m) {
    CHECK(std::fabs(bias.y[m]) <= naive->curves.at("wmape_by_month").y[m] + 1e-12);
    CHECK(bias.y[m] != 0);
  }
  CHECK(lstm->curves.count("train_loss_group_0") == 1);
  CHECK(lstm->curves.count("online_loss_group_0") == 1);
  // The first long holiday of the test period (National Day, day 273): 5 days before to 5 after its 7 days.
  REQUIRE(lstm->curves.count("holiday_actual_all") == 1);
  CHECK(lstm->curves.at("holiday_actual_all").x.front() == -5);
  CHECK(lstm->curves.at("holiday_forecast_dims2").x.size() == 17);
  std::filesystem::remove_all(dir);
}

TEST_CASE("forecast runner: data.source = csv:PATH runs the forecasters unchanged on a file", "[scenarios][forecast][csv]") {
  // The tiny world's series written as a CSV (day 0 = 2024-01-01, a Monday like the world's day
  // 0, with its holiday types): seasonal naive scores the same as on the world itself.
  const auto world_sc = scenarios::load_scenario_text(kTiny, "f.ini", {});
  const auto data = scenarios::build_forecast_data(world_sc, 4);
  const std::string dir = testing::make_temp_dir("simrec_forecast_csv_");
  {
    std::ofstream f(dir + "/series.csv");
    f << "date,region,age,gender,member,value,holiday\n";
    const char* types[] = {"workday", "weekend", "festival", "long_holiday"};
    for (std::size_t t = 0; t < 300; ++t) {
      const int doy = int(t) + 1;  // 2024 is a leap year; 300 days end in October
      static const int kMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int m = 0, d = doy;
      while (d > kMonth[m]) d -= kMonth[m++];
      char date[32];
      std::snprintf(date, sizeof date, "2024-%02d-%02d", m + 1, d);
      for (std::size_t k = 0; k < data.world.num_crosses(); ++k) {
        f << date;
        for (auto l : data.world.crosses[k].level) f << "," << (l < 0 ? std::string() : std::to_string(l));
        f << "," << static_cast<long long>(data.world.series(k)[t]) << "," << types[int(data.world.calendar.days[t].type)] << "\n";
      }
    }
  }
  const std::string csv = std::string(kTiny) + "[data]\nsource = csv:" + dir + "/series.csv\n";
  const auto sc = scenarios::load_scenario_text(csv, "f.ini", {});
  scenarios::RunOptions ro;
  ro.progress_out = stdout;
  ro.out_path = dir + "/csv.h5";
  const auto from_csv = scenarios::run_scenario(sc, ro);
  CHECK(from_csv.failed_units == 0);
  ro.out_path = dir + "/world.h5";
  const auto from_world = scenarios::run_scenario(world_sc, ro);
  const auto a = results::read_run(from_csv.path), b = results::read_run(from_world.path);
  REQUIRE(a.find("naive", 4) != nullptr);
  CHECK(a.find("naive", 4)->metrics.at("wmape") == Approx(b.find("naive", 4)->metrics.at("wmape")).epsilon(1e-9));
  CHECK(a.find("naive", 4)->metrics.at("wmape_holiday") == Approx(b.find("naive", 4)->metrics.at("wmape_holiday")).epsilon(1e-9));
  CHECK(a.find("lstm", 4)->metrics.at("wmape") < 1);
  CHECK(a.find("lstm", 4)->curves.count("holiday_actual_all") == 1);
  // Errors: an absent file; csv is only for forecast scenarios, forecast scenarios read only csv.
  CHECK_THAT(load_error(std::string(kTiny) + "[data]\nsource = movielens:" + dir + "/series.csv\n", {}),
             Contains("forecast scenarios read csv:PATH"));
  const std::string retrieval = "name = r\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[data]\nsource = csv:" + dir +
                                "/series.csv\n[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THAT(load_error(retrieval, {}), Contains("csv:PATH (daily series) is only for forecast scenarios"));
  CHECK_THAT(load_error(std::string(kTiny) + "[data]\nsource = csv:" + dir + "/absent.csv\n", {}), Contains("cannot open " + dir + "/absent.csv"));
  std::filesystem::remove_all(dir);
}
