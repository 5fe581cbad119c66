// The forecasters end to end on small inventory worlds: the LSTM forecaster's grouping, rolling
// forecasts and bad-input errors (window longer than history, empty cross, unknown holiday type);
// the baselines against hand values; WMAPE against hand values; and the checkpoint round trip —
// N offline epochs + save, load in a FRESH PROCESS (tests/support/forecast_resume_helper.cpp) +
// M online days gives bit-identical weights and optimizer state to the same run in one process
// without any checkpoint.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "algorithms/forecast/forecast.hpp"
#include "algorithms/forecast/kmeans.hpp"
#include "algorithms/forecast/lstm_forecaster.hpp"
#include "algorithms/registry.hpp"
#include "datasets/inventory_series.hpp"
#include "nn/checkpoint.hpp"
#include "results/metrics/regression.hpp"
#include "sim/inventory/generator.hpp"
#include "support/python_runner.hpp"

using namespace simrec;
using namespace simrec::algorithms;
using namespace simrec::algorithms::forecast;
using Catch::Matchers::Contains;

namespace {

datasets::InventorySeries small_series(std::size_t days, std::size_t future = 30) {
  sim::InventoryConfig c;
  c.num_days = 400;
  c.num_regions = 3;
  c.num_age_buckets = 2;
  c.num_genders = 2;
  c.num_member_levels = 2;
  c.max_cross_dims = 2;
  static const sim::InventoryWorld w = sim::generate_inventory_world(c, 9);
  return datasets::inventory_series_from_world(w, days, future);
}

LstmForecastOptions quick_options() {
  LstmForecastOptions o;
  o.hidden_size = 8;
  o.embedding_dim = 2;
  o.max_epochs = 3;
  o.epoch_windows = 256;
  o.batch_size = 32;
  return o;
}

std::string fit_error(const datasets::InventorySeries& h, LstmForecastOptions o = quick_options()) {
  LstmForecaster f(o);
  NullLogger log;
  try {
    f.fit({h, 1}, log);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("WMAPE against hand values", "[forecast][wmape]") {
  const std::vector<float> y = {100, 200, 300}, p = {110, 180, 300};
  CHECK(metrics::wmape(y, p) == Approx(30.0 / 600.0));
  const std::vector<float> y2 = {10, 0, 30}, p2 = {0, 5, 45};
  CHECK(metrics::wmape(y2, p2) == Approx(30.0 / 40.0));
}

TEST_CASE("lstm_forecast: groups by scale, forecasts every series, rolls N days ahead", "[forecast][lstm]") {
  const auto h = small_series(300);
  LstmForecaster f(quick_options());
  NullLogger log;
  f.fit({h, 3}, log);
  const auto groups = f.series_groups();
  REQUIRE(groups.size() == h.num_series);
  REQUIRE(f.sse().size() == 9);
  const int k = *std::max_element(groups.begin(), groups.end()) + 1;
  CHECK(k == elbow_k(f.sse()));
  CHECK(k >= 2);
  // The all-traffic series is in the largest-scale group.
  CHECK(groups[0] == k - 1);
  const auto one = f.forecast(h, 1);
  const auto ten = f.forecast(h, 10);
  REQUIRE(one.size() == h.num_series);
  REQUIRE(ten.size() == h.num_series * 10);
  for (std::size_t s = 0; s < h.num_series; ++s) {
    CHECK(ten[s * 10] == one[s]);  // the first rolled day is the one-step forecast
    for (int d = 0; d < 10; ++d) CHECK(std::isfinite(ten[s * 10 + std::size_t(d)]));
  }
  // One model for everything.
  LstmForecastOptions single = quick_options();
  single.num_groups = 1;
  LstmForecaster g(single);
  g.fit({h, 3}, log);
  for (int v : g.series_groups()) CHECK(v == 0);
  // Calendar too short for the horizon.
  CHECK_THROWS_WITH(f.forecast(datasets::history_until(small_series(300, 0), 300), 5), Contains("calendar"));
}

TEST_CASE("lstm_forecast: bad input is rejected clearly", "[forecast][lstm][errors]") {
  CHECK_THAT(fit_error(small_series(5)), Contains("window of 7 days") && Contains("at least 8 days") && Contains("got 5"));
  auto empty = small_series(60);
  const std::size_t s = 4;
  for (std::size_t t = 0; t < empty.num_days; ++t) empty.values[s * empty.num_days + t] = 0;
  CHECK_THAT(fit_error(empty), Contains("'" + empty.names[s] + "'") && Contains("no requests") && Contains("empty cross"));
  auto holiday = small_series(60);
  holiday.holiday_type[3] = 9;
  CHECK_THAT(fit_error(holiday), Contains("day 3") && Contains("unknown holiday type 9") && Contains("long_holiday"));
  LstmForecastOptions o = quick_options();
  o.num_groups = 1000;
  CHECK_THAT(fit_error(small_series(60), o), Contains("num_groups = 1000"));
  LstmForecaster unfitted(quick_options());
  CHECK_THROWS_WITH(unfitted.forecast(small_series(60), 1), Contains("before fit"));
  // Options out of range are refused by the registry's specs.
  CHECK_THROWS_WITH(OptionValues(lstm_forecast_info().options, {{"window", "0"}}, "variant.lstm"), Contains("window"));
  CHECK_THROWS_WITH(OptionValues(lstm_forecast_info().options, {{"cluster_feature", "median"}}, "variant.lstm"),
                    Contains("log_mean"));
}

TEST_CASE("baselines: seasonal naive and total x targeting ratio against hand values", "[forecast][baselines]") {
  datasets::InventorySeries h = small_series(28);
  // Overwrite two series with known values: "all" (series 0) and one cross.
  for (std::size_t t = 0; t < 28; ++t) {
    h.values[t] = float(1000 + t);
    h.values[1 * 28 + t] = float(t % 2 == 0 ? 100 : 300);
  }
  NullLogger log;
  auto naive = registry().get("seasonal_naive").make(OptionValues(seasonal_naive_info().options, {}, "v"));
  auto& n = dynamic_cast<ForecastAlgorithm&>(*naive);
  n.fit({h, 1}, log);
  const auto p = n.forecast(h, 9);
  // Day 28 + d uses day 21 + d (d < 7), then 14 + d.
  CHECK(p[0] == 1021);
  CHECK(p[6] == 1027);
  CHECK(p[7] == 1021);  // day 35 -> day 21
  CHECK(p[8] == 1022);
  auto ratio = registry().get("ratio_forecast").make(OptionValues(ratio_forecast_info().options, {{"ratio_days", "4"}}, "v"));
  auto& r = dynamic_cast<ForecastAlgorithm&>(*ratio);
  r.fit({h, 1}, log);
  const auto q = r.forecast(h, 2);
  // Last 4 days of "all": 1024..1027 (sum 4102); of the cross: 100, 300, 100, 300 (sum 800).
  CHECK(q[0] == Approx(1021.0f));
  CHECK(q[2] == Approx(800.0 / 4102.0 * 1021.0));
  CHECK(q[3] == Approx(800.0 / 4102.0 * 1022.0));
  CHECK_THROWS_WITH(r.fit({small_series(3), 1}, log), Contains("at least 7 days"));
}

TEST_CASE("lstm_forecast: offline + save, load in a fresh process + online days == straight, bit for bit",
          "[forecast][lstm][checkpoint][resume]") {
  const std::string base = simrec::testing::make_temp_dir("simrec_forecast_resume_");
  const std::string resumed = base + "/resumed", straight = base + "/straight";
  const std::string helper = SIMREC_FORECAST_HELPER;
  const auto run = [&](const std::string& args) {
    const int rc = std::system((helper + " " + args).c_str());
    INFO(helper << " " << args);
    REQUIRE(rc == 0);
  };
  run("offline " + resumed + " 3");    // process 1: 3 offline epochs, save
  run("online " + resumed + " 5");     // process 2: load, 5 online days (each loads and saves)
  run("straight " + straight + " 3 5");  // one process, no checkpoint between steps
  CHECK(slurp(resumed + "/meta.txt") == slurp(straight + "/meta.txt"));
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(straight)) {
    const std::string name = e.path().filename().string();
    if (name == "meta.txt") continue;
    const nn::Checkpoint a = nn::read_checkpoint(resumed + "/" + name), b = nn::read_checkpoint(straight + "/" + name);
    REQUIRE(a.tensors.size() == b.tensors.size());
    for (std::size_t i = 0; i < a.tensors.size(); ++i) {
      INFO(name << " " << a.tensors[i].name);
      CHECK(a.tensors[i].name == b.tensors[i].name);
      CHECK(a.tensors[i].value.to_vector() == b.tensors[i].value.to_vector());
    }
    ++files;
  }
  CHECK(files >= 2);
  // The online days did train: the weights differ from the offline-only checkpoint.
  const std::string offline_only = base + "/offline_only";
  run("offline " + offline_only + " 3");
  CHECK(slurp(offline_only + "/group_0.model") != slurp(resumed + "/group_0.model"));
  std::filesystem::remove_all(base);
}

TEST_CASE("lstm_forecast: online_replay_days = R trains one step on the windows of the newest R days",
          "[forecast][lstm][online]") {
  // The logged online loss is the batch MSE before the step. From the same checkpoint, a step with
  // R = 3 on the history up to day T sees exactly the windows that three R = 1 steps see on the
  // histories up to T, T - 1 and T - 2 (one window per series each), so its loss is their mean.
  struct Capture : TrainingLogger {
    std::vector<double> online;
    void log(std::int64_t, const std::string& metric, double value) override {
      if (metric.rfind("online_loss_group_", 0) == 0) online.push_back(value);
    }
  };
  const std::string base = simrec::testing::make_temp_dir("simrec_forecast_replay_");
  LstmForecastOptions o = quick_options();
  o.num_groups = 1;
  o.checkpoint_dir = base + "/fit";
  {
    LstmForecaster f(o);
    NullLogger log;
    f.fit({small_series(150), 1}, log);
  }
  const auto copy_of_fit = [&](const std::string& name) {
    std::filesystem::copy(base + "/fit", base + "/" + name);
    return base + "/" + name;
  };
  const auto online_loss = [&](const std::string& dir, std::int64_t replay, std::size_t days) {
    LstmForecastOptions q = o;
    q.checkpoint_dir = dir;
    q.online_replay_days = replay;
    LstmForecaster f(q);  // a fresh object: observe_day loads everything from the checkpoint
    Capture log;
    f.observe_day(small_series(days), log);
    REQUIRE(log.online.size() == 1);
    return log.online[0];
  };
  const double r3 = online_loss(copy_of_fit("r3"), 3, 160);
  const double a = online_loss(copy_of_fit("a"), 1, 160), b = online_loss(copy_of_fit("b"), 1, 159),
               c = online_loss(copy_of_fit("c"), 1, 158);
  CHECK(r3 == Approx((a + b + c) / 3).epsilon(1e-5));
  CHECK(std::fabs(a - b) + std::fabs(b - c) > 1e-4);  // the three days do differ
  // R larger than the history's full windows is clamped, not an error.
  CHECK(std::isfinite(online_loss(copy_of_fit("all"), 3650, 160)));
  std::filesystem::remove_all(base);
}
