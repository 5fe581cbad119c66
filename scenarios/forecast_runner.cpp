#include "scenarios/forecast_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "datasets/inventory_csv.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

namespace {

using C = ForecastEvalConfig;
const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      SIMREC_KNOB(C, offline_days, 8, 36500, "days of history for offline training (the test period starts after them)"),
      SIMREC_KNOB(C, test_days, 1, 36500, "test days: each forecast one day ahead, then observed (online variants train on it)"),
      SIMREC_KNOB(C, holiday_window, 0, 365, "wmape_holiday covers test days within this many days of a long holiday"),
      SIMREC_KNOB(C, curve_days, 1, 365, "holiday curves start this many days before the holiday and end this many after it"),
  };
  return t;
}

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Pooled WMAPE over the selected (series, test day) cells, and the pooled signed bias
// sum(p - y) / sum(|y|) (negative: the forecasts are too low).
struct Pool {
  double err = 0, signed_err = 0, sum = 0;
  void add(double y, double p) {
    err += std::fabs(y - p);
    signed_err += p - y;
    sum += std::fabs(y);
  }
  double value() const { return sum > 0 ? err / sum : 0.0; }
  double bias() const { return sum > 0 ? signed_err / sum : 0.0; }
};

}  // namespace

std::span<const config::Knob<ForecastEvalConfig>> forecast_eval_knobs() { return table(); }

void ForecastEvalConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<ForecastEvalConfig>(*this, forecast_eval_knobs(), "forecast", name, value);
}

std::string ForecastEvalConfig::to_text() const { return config::knobs_to_text<ForecastEvalConfig>(*this, forecast_eval_knobs()); }

void ForecastEvalConfig::validate(std::int64_t world_days) const {
  config::check_knobs<ForecastEvalConfig>(*this, forecast_eval_knobs(), "forecast");
  if (offline_days + test_days > world_days)
    throw config::ConfigError("forecast.offline_days + forecast.test_days = " + std::to_string(offline_days + test_days) +
                              " is out of range: allowed at most inventory.num_days = " + std::to_string(world_days));
}

ForecastData build_forecast_data(const Scenario& sc, std::uint64_t seed) {
  ForecastData d;
  if (sc.data_source.rfind("csv:", 0) == 0) {  // real series: the same for every seed, no world
    const std::string path = sc.data_source.substr(4);
    d.full = datasets::read_inventory_csv(path);
    if (std::size_t(sc.forecast.offline_days + sc.forecast.test_days) > d.full.num_days)
      throw config::ConfigError("forecast.offline_days + forecast.test_days = " +
                                std::to_string(sc.forecast.offline_days + sc.forecast.test_days) + " is out of range: " + path +
                                " has " + std::to_string(d.full.num_days) + " days");
  } else {
    d.world = sim::generate_inventory_world(sc.inventory, seed);
    d.full = datasets::inventory_series_from_world(d.world, d.world.num_days(), 60);
  }
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (float v : d.full.values) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    h = (h ^ bits) * 0x100000001b3ull;
  }
  d.hash = h;
  return d;
}

void run_forecast_unit(const Scenario& sc, const VariantSpec& v, const ForecastData& data, std::uint64_t seed,
                       results::UnitResult& unit, algorithms::TrainingLogger& logger) {
  std::unique_ptr<algorithms::Algorithm> algo = v.info.make(v.options);
  auto& f = dynamic_cast<algorithms::ForecastAlgorithm&>(*algo);
  const std::size_t t0 = std::size_t(sc.forecast.offline_days), days = std::size_t(sc.forecast.test_days);
  const std::size_t n = data.full.num_series;
  const auto start = Clock::now();
  f.fit({datasets::history_until(data.full, t0), seed}, logger);
  unit.timing.fit_seconds = seconds_since(start);
  std::vector<float> pred(n * days);  // series x test day
  double predict_seconds = 0;
  // Seconds of each day's online job: a curve, not a metric (the quality gate compares metrics;
  // speed is not gated on shared machines).
  auto& online_curve = unit.curves["online_training_seconds"];
  for (std::size_t d = 0; d < days; ++d) {
    const auto t1 = Clock::now();
    const std::vector<float> p = f.forecast(datasets::history_until(data.full, t0 + d), 1);
    predict_seconds += seconds_since(t1);
    for (std::size_t s = 0; s < n; ++s) {
      if (!std::isfinite(p[s])) throw algorithms::NonFiniteError("a forecast is NaN or infinite (series '" + data.full.names[s] + "')");
      pred[s * days + d] = p[s];
    }
    const auto t2 = Clock::now();
    f.observe_day(datasets::history_until(data.full, t0 + d + 1), logger);
    online_curve.x.push_back(double(d + 1));
    online_curve.y.push_back(seconds_since(t2));
    logger.progress(double(d + 1) / double(days));
  }
  unit.timing.predict_seconds = predict_seconds;
  const auto actual = [&](std::size_t s, std::size_t d) { return double(data.full.series(s)[t0 + d]); };

  // Which test days are near a long holiday (the calendar is public; the harness reads it).
  // Long holidays as [first, last] days: the world's calendar, or runs of long_holiday days of a
  // file's calendar.
  std::vector<std::pair<std::int64_t, std::int64_t>> long_holidays;
  if (!data.world.requests.empty()) {
    for (const sim::Holiday& h : data.world.calendar.holidays)
      if (h.type == sim::HolidayType::LongHoliday) long_holidays.emplace_back(h.first_day, h.last_day());
  } else {
    const auto& type = data.full.holiday_type;
    const auto is_long = [&](std::size_t t) { return type[t] == std::uint8_t(sim::HolidayType::LongHoliday); };
    for (std::size_t t = 0; t < type.size(); ++t)
      if (is_long(t) && (t == 0 || !is_long(t - 1))) {
        std::size_t e = t;
        while (e + 1 < type.size() && is_long(e + 1)) ++e;
        long_holidays.emplace_back(std::int64_t(t), std::int64_t(e));
      }
  }
  std::vector<bool> near_holiday(days, false);
  const std::pair<std::int64_t, std::int64_t>* first_holiday = nullptr;
  const std::int64_t W = sc.forecast.holiday_window, cd = sc.forecast.curve_days;
  for (const auto& h : long_holidays) {
    for (std::size_t d = 0; d < days; ++d) {
      const std::int64_t t = std::int64_t(t0 + d);
      if (t >= h.first - W && t <= h.second + W) near_holiday[d] = true;
    }
    if (!first_holiday && h.first - cd >= std::int64_t(t0) && h.second + cd < std::int64_t(t0 + days)) first_holiday = &h;
  }

  Pool all, holiday, last_month;
  std::vector<Pool> by_dims(5), by_month((days + 29) / 30);
  const std::vector<int> groups = f.series_groups();
  const int num_groups = groups.empty() ? 0 : *std::max_element(groups.begin(), groups.end()) + 1;
  std::vector<Pool> by_group(static_cast<std::size_t>(num_groups));
  double mean_cross = 0;
  for (std::size_t s = 0; s < n; ++s) {
    Pool series;
    for (std::size_t d = 0; d < days; ++d) {
      const double y = actual(s, d), p = pred[s * days + d];
      all.add(y, p);
      series.add(y, p);
      by_dims[std::size_t(data.full.num_fixed_dims(s))].add(y, p);
      by_month[d / 30].add(y, p);
      if (near_holiday[d]) holiday.add(y, p);
      if (d + 30 >= days) last_month.add(y, p);
      if (num_groups > 0) by_group[std::size_t(groups[s])].add(y, p);
    }
    mean_cross += series.value() / double(n);
  }
  unit.metrics["wmape"] = all.value();
  unit.metrics["wmape_mean_cross"] = mean_cross;
  unit.metrics["wmape_last_month"] = last_month.value();
  if (holiday.sum > 0) unit.metrics["wmape_holiday"] = holiday.value();
  for (std::size_t k = 0; k < by_dims.size(); ++k)
    if (by_dims[k].sum > 0) unit.metrics["wmape_dims_" + std::to_string(k)] = by_dims[k].value();
  if (num_groups > 0) {
    unit.metrics["num_groups"] = num_groups;
    for (int g = 0; g < num_groups; ++g) unit.metrics["wmape_group_" + std::to_string(g)] = by_group[std::size_t(g)].value();
  }
  auto& month_curve = unit.curves["wmape_by_month"];
  auto& bias_curve = unit.curves["bias_by_month"];
  for (std::size_t m = 0; m < by_month.size(); ++m) {
    month_curve.x.push_back(double(m + 1));
    month_curve.y.push_back(by_month[m].value());
    bias_curve.x.push_back(double(m + 1));
    bias_curve.y.push_back(by_month[m].bias());
  }
  // Holiday curves: "all" and a median-scale cross with 1, 2, 3 fixed dimensions.
  if (first_holiday) {
    std::vector<std::pair<std::string, std::size_t>> shown = {{"all", 0}};
    for (std::int64_t k = 1; k <= 3; ++k) {
      std::vector<std::pair<double, std::size_t>> sized;
      for (std::size_t s = 0; s < n; ++s)
        if (data.full.num_fixed_dims(s) == k) sized.emplace_back(std::accumulate(data.full.series(s), data.full.series(s) + t0, 0.0), s);
      if (sized.empty()) continue;
      std::sort(sized.begin(), sized.end());
      shown.emplace_back("dims" + std::to_string(k), sized[sized.size() / 2].second);
    }
    for (const auto& [name, s] : shown) {
      auto& a = unit.curves["holiday_actual_" + name];
      auto& p = unit.curves["holiday_forecast_" + name];
      for (std::int64_t t = first_holiday->first - cd; t <= first_holiday->second + cd; ++t) {
        const std::size_t d = std::size_t(t) - t0;
        a.x.push_back(double(t - first_holiday->first));
        a.y.push_back(actual(s, d));
        p.x.push_back(double(t - first_holiday->first));
        p.y.push_back(pred[s * days + d]);
      }
      unit.metrics["holiday_series_" + name] = double(s);
    }
  }
  unit.timing.samples_per_second = unit.timing.fit_seconds > 0 ? double(n * t0) / unit.timing.fit_seconds : 0;
}

}  // namespace simrec::scenarios
