#pragma once
// The forecast path of the runner (task = forecast; article 003, SPEC §7 row lstm-groups).
//
// Per seed: the inventory world ([inventory] knobs) is generated once and shared by every variant.
// Per unit: fit on days [0, offline_days); then for each test day t in [offline_days,
// offline_days + test_days): forecast day t from the history before t (one step), then call
// observe_day with day t added (online variants train; frozen ones ignore it). Metrics (pooled
// WMAPE = sum |y - y^| / sum |y| over the test days):
//   wmape                 every series
//   wmape_dims_<k>        series fixing k targeting dimensions (k = 0: all traffic)
//   wmape_mean_cross      mean over series of each series' WMAPE
//   wmape_holiday         test days within holiday_window days of a long holiday
//   wmape_group_<g>       per model group, when the algorithm has groups (num_groups recorded)
//   wmape_last_month      the last 30 test days
// Curves: wmape_by_month (30-day blocks, x = block), holiday_actual_<s> / holiday_forecast_<s>
// (day-ahead forecasts around the first long holiday of the test period, x = days from its first
// day; s = all, dims1, dims2, dims3: a median-scale cross of each size), online_training_seconds
// (seconds of each test day's observe_day call), and the algorithm's own
// (train_loss_group_<g>, elbow_sse, online_loss_group_<g>).

#include <cstdint>
#include <span>
#include <string>

#include "algorithms/algorithm.hpp"
#include "datasets/inventory_series.hpp"
#include "results/store/run_types.hpp"
#include "sim/config/knob.hpp"
#include "sim/inventory/generator.hpp"

namespace simrec::scenarios {

struct Scenario;
struct VariantSpec;

// The [forecast] section.
struct ForecastEvalConfig {
  std::int64_t offline_days = 910;   // history for offline training
  std::int64_t test_days = 180;      // daily evaluation (and online training) days after it
  std::int64_t holiday_window = 10;  // wmape_holiday: days within this distance of a long holiday
  std::int64_t curve_days = 14;      // holiday curves: days before the holiday and after its end

  void set(std::string_view name, std::string_view value);
  std::string to_text() const;
  // Also checks offline_days + test_days <= the world's num_days.
  void validate(std::int64_t world_days) const;
};
std::span<const config::Knob<ForecastEvalConfig>> forecast_eval_knobs();

// [data] source = csv:PATH reads the series from a file (datasets/inventory_csv.hpp; the same for
// every seed; world left empty); otherwise the inventory world of the seed.
struct ForecastData {
  sim::InventoryWorld world;      // empty (no requests) with csv:PATH
  datasets::InventorySeries full;  // every day observed (the harness's view), calendar + 60 days
  std::uint64_t hash = 0;          // FNV-1a of the series values
};

ForecastData build_forecast_data(const Scenario& sc, std::uint64_t seed);

void run_forecast_unit(const Scenario& sc, const VariantSpec& v, const ForecastData& data, std::uint64_t seed,
                       results::UnitResult& unit, algorithms::TrainingLogger& logger);

}  // namespace simrec::scenarios
