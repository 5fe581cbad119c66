#include "datasets/inventory_series.hpp"

#include <stdexcept>

namespace simrec::datasets {

std::int64_t InventorySeries::num_fixed_dims(std::size_t s) const {
  std::int64_t n = 0;
  for (auto id : cross_ids[s]) n += id != 0;
  return n;
}

void InventorySeries::validate() const {
  const auto fail = [](const std::string& why) { throw std::invalid_argument("inventory series: " + why); };
  if (values.size() != num_series * num_days)
    fail("values hold " + std::to_string(values.size()) + " numbers, expected series x days = " +
         std::to_string(num_series) + " x " + std::to_string(num_days));
  if (cross_ids.size() != num_series || names.size() != num_series)
    fail("cross ids / names for " + std::to_string(cross_ids.size()) + " / " + std::to_string(names.size()) +
         " series, expected " + std::to_string(num_series));
  const std::size_t cal = weekday.size();
  if (holiday_type.size() != cal || days_to_holiday.size() != cal || days_after_holiday.size() != cal)
    fail("calendar columns have different lengths");
  if (cal < num_days) fail("the calendar covers " + std::to_string(cal) + " days, fewer than the " + std::to_string(num_days) + " observed");
  for (std::size_t s = 0; s < num_series; ++s)
    for (int d = 0; d < kCrossDims; ++d)
      if (cross_ids[s][std::size_t(d)] < 0 || cross_ids[s][std::size_t(d)] > dim_sizes[std::size_t(d)])
        fail("series '" + names[s] + "': " + sim::targeting_dim_name(d) + " id " + std::to_string(cross_ids[s][std::size_t(d)]) +
             " is out of range: allowed 0 (any) .. " + std::to_string(dim_sizes[std::size_t(d)]));
  for (std::size_t t = 0; t < cal; ++t) {
    if (weekday[t] > 6) fail("day " + std::to_string(t) + ": weekday " + std::to_string(weekday[t]) + " is out of range: allowed 0..6");
    if (holiday_type[t] >= sim::kNumHolidayTypes)
      fail("day " + std::to_string(t) + ": unknown holiday type " + std::to_string(holiday_type[t]) +
           ": allowed 0 workday, 1 weekend, 2 festival, 3 long_holiday");
    if (days_to_holiday[t] < 0 || days_to_holiday[t] > holiday_horizon || days_after_holiday[t] < 0 ||
        days_after_holiday[t] > holiday_horizon)
      fail("day " + std::to_string(t) + ": days to / after holiday outside [0, " + std::to_string(holiday_horizon) + "]");
  }
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!(values[i] >= 0))
      fail("series '" + names[i / num_days] + "' day " + std::to_string(i % num_days) + ": requests must be >= 0");
}

InventorySeries inventory_series_from_world(const sim::InventoryWorld& w, std::size_t num_days, std::size_t future_days) {
  if (num_days > w.num_days())
    throw std::invalid_argument("inventory series: " + std::to_string(num_days) + " days requested, the world has " +
                                std::to_string(w.num_days()));
  InventorySeries s;
  s.num_series = w.num_crosses();
  s.num_days = num_days;
  s.dim_sizes = w.dim_sizes();
  s.holiday_horizon = w.config.holiday_horizon_days;
  s.values.resize(s.num_series * num_days);
  for (std::size_t k = 0; k < s.num_series; ++k) {
    for (std::size_t t = 0; t < num_days; ++t) s.values[k * num_days + t] = float(w.series(k)[t]);
    std::array<std::int64_t, kCrossDims> ids{};
    for (int d = 0; d < kCrossDims; ++d) ids[std::size_t(d)] = std::int64_t(w.crosses[k].level[std::size_t(d)]) + 1;
    s.cross_ids.push_back(ids);
    s.names.push_back(sim::cross_name(w.crosses[k]));
  }
  const sim::InventoryCalendar cal = sim::build_inventory_calendar(w.config, w.seed, std::int64_t(num_days + future_days));
  for (const auto& d : cal.days) {
    s.weekday.push_back(d.weekday);
    s.holiday_type.push_back(std::uint8_t(d.type));
    s.days_to_holiday.push_back(d.days_to_holiday);
    s.days_after_holiday.push_back(d.days_after_holiday);
  }
  return s;
}

InventorySeries history_until(const InventorySeries& full, std::size_t num_days) {
  if (num_days > full.num_days)
    throw std::invalid_argument("inventory series: cannot cut " + std::to_string(full.num_days) + " days to " + std::to_string(num_days));
  InventorySeries s = full;
  s.num_days = num_days;
  s.values.resize(s.num_series * num_days);
  for (std::size_t k = 0; k < s.num_series; ++k)
    for (std::size_t t = 0; t < num_days; ++t) s.values[k * num_days + t] = full.values[k * full.num_days + t];
  return s;
}

}  // namespace simrec::datasets
