// Forecast baselines (SPEC §6): seasonal naive (the same weekday of the last observed week) and
// total traffic x targeting ratio, the method article 003 replaced:
//   total^(T + h) = seasonal naive forecast of the "all" series
//   ratio_s       = sum of series s over the last ratio_days days / sum of "all" over those days
//   y^_s(T + h)   = ratio_s total^(T + h)
#include <algorithm>
#include <stdexcept>

#include "algorithms/forecast/forecast.hpp"

namespace simrec::algorithms::forecast {

namespace {

void check(const datasets::InventorySeries& h, const char* who, std::size_t min_days) {
  h.validate();
  if (h.num_series == 0) throw std::invalid_argument(std::string(who) + ": no series");
  if (h.num_days < min_days)
    throw std::invalid_argument(std::string(who) + ": needs at least " + std::to_string(min_days) + " days of history, got " +
                                std::to_string(h.num_days));
}

// y(T + h) = y(T + h - 7k) for the smallest k with T + h - 7k < T.
std::vector<float> seasonal_naive(const datasets::InventorySeries& h, int horizon) {
  const std::size_t T = h.num_days;
  std::vector<float> out(h.num_series * std::size_t(horizon));
  for (std::size_t s = 0; s < h.num_series; ++s)
    for (int step = 0; step < horizon; ++step) {
      const std::size_t back = 7 * (std::size_t(step) / 7 + 1);
      out[s * std::size_t(horizon) + std::size_t(step)] = h.series(s)[T + std::size_t(step) - back];
    }
  return out;
}

class SeasonalNaive : public ForecastAlgorithm {
 public:
  void fit(const ForecastTrainView& train, TrainingLogger&) override { check(train.history, "seasonal_naive", 7); }
  std::vector<float> forecast(const datasets::InventorySeries& h, int horizon) override {
    check(h, "seasonal_naive", 7);
    return seasonal_naive(h, horizon);
  }
};

class RatioForecast : public ForecastAlgorithm {
 public:
  explicit RatioForecast(std::int64_t ratio_days) : ratio_days_(std::size_t(ratio_days)) {}
  void fit(const ForecastTrainView& train, TrainingLogger&) override {
    check(train.history, "ratio_forecast", std::max<std::size_t>(7, ratio_days_));
    total_index(train.history);
  }
  std::vector<float> forecast(const datasets::InventorySeries& h, int horizon) override {
    check(h, "ratio_forecast", std::max<std::size_t>(7, ratio_days_));
    const std::size_t total = total_index(h), T = h.num_days;
    const std::vector<float> naive = seasonal_naive(h, horizon);
    double total_sum = 0;
    for (std::size_t t = T - ratio_days_; t < T; ++t) total_sum += h.series(total)[t];
    std::vector<float> out(h.num_series * std::size_t(horizon));
    for (std::size_t s = 0; s < h.num_series; ++s) {
      double sum = 0;
      for (std::size_t t = T - ratio_days_; t < T; ++t) sum += h.series(s)[t];
      const double ratio = total_sum > 0 ? sum / total_sum : 0.0;
      for (int step = 0; step < horizon; ++step)
        out[s * std::size_t(horizon) + std::size_t(step)] = float(ratio * naive[total * std::size_t(horizon) + std::size_t(step)]);
    }
    return out;
  }

 private:
  static std::size_t total_index(const datasets::InventorySeries& h) {
    for (std::size_t s = 0; s < h.num_series; ++s)
      if (h.num_fixed_dims(s) == 0) return s;
    throw std::invalid_argument("ratio_forecast: needs the all-traffic series (a cross with no targeting dimension)");
  }
  std::size_t ratio_days_;
};

}  // namespace

AlgorithmInfo seasonal_naive_info() {
  return {"seasonal_naive", Task::Forecast, "seasonal naive forecast: the same weekday of the last observed week", {},
          [](const OptionValues&) { return std::make_unique<SeasonalNaive>(); }};
}

AlgorithmInfo ratio_forecast_info() {
  return {"ratio_forecast", Task::Forecast,
          "total traffic x targeting ratio (the method article 003 replaced): seasonal naive total x each cross's share of the last ratio_days",
          {int_option("ratio_days", 28, 1, 100000, "days over which a cross's targeting ratio (share of all traffic) is measured")},
          [](const OptionValues& o) { return std::make_unique<RatioForecast>(o.get_int("ratio_days")); }};
}

}  // namespace simrec::algorithms::forecast
