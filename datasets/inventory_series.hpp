#pragma once
// InventorySeries (SPEC §4): daily request counts of many targeting crosses with their categorical
// features, the table the forecasters see. Built from the inventory world (history only: days
// [0, num_days)) or, later, from files. The calendar features cover num_days + future days, since
// holidays are known in advance; forecasters read the calendar of the days they forecast.
//
// Categorical ids: cross dimension d of series s is level + 1 (0 = "any", the dimension is not
// targeted), so an embedding table for dimension d has dim_sizes[d] + 1 rows; weekday 0..6;
// holiday type 0..3 (sim::HolidayType); days to / after a holiday 0..holiday_horizon.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/inventory/generator.hpp"

namespace simrec::datasets {

inline constexpr int kCrossDims = sim::kNumTargetingDims;

struct InventorySeries {
  std::size_t num_series = 0;
  std::size_t num_days = 0;                          // observed days
  std::vector<float> values;                         // num_series x num_days, row-major
  std::vector<std::array<std::int64_t, kCrossDims>> cross_ids;  // per series, level + 1 (0 = any)
  std::array<std::int64_t, kCrossDims> dim_sizes{};  // levels per dimension (ids 0..size)
  std::vector<std::string> names;                    // per series ("all", "region=2,member=0")
  std::int64_t holiday_horizon = 14;
  // Calendar, days [0, calendar_days()) with calendar_days() >= num_days.
  std::vector<std::uint8_t> weekday, holiday_type;
  std::vector<std::int16_t> days_to_holiday, days_after_holiday;

  std::size_t calendar_days() const { return weekday.size(); }
  const float* series(std::size_t s) const { return values.data() + s * num_days; }
  std::int64_t num_fixed_dims(std::size_t s) const;
  // Throws std::invalid_argument naming the problem: sizes that disagree, an id out of range, an
  // unknown holiday type (allowed 0..3 = workday, weekend, festival, long_holiday), negative values.
  void validate() const;
};

// The world's series for days [0, num_days) with its calendar for days [0, num_days + future_days).
InventorySeries inventory_series_from_world(const sim::InventoryWorld& world, std::size_t num_days,
                                            std::size_t future_days);

// The same table cut to its first `num_days` observed days (calendar kept).
InventorySeries history_until(const InventorySeries& full, std::size_t num_days);

}  // namespace simrec::datasets
