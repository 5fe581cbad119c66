#pragma once
// The inventory world's calendar: 365-day years with weekends, three long national holidays
// (Spring Festival, Labour Day, National Day) and four festivals (New Year, Qingming, Dragon
// Boat, Mid-Autumn). Spring Festival, Dragon Boat and Mid-Autumn move from year to year (lunar
// dates): their first day is drawn per year from stream "inventory/calendar" (index = year) in a
// fixed window of days of the year; the others have fixed dates. Holidays are public knowledge, so
// the calendar (and its per-day features) extends beyond the simulated days for forecasting.
//
// Per-day features (what a forecaster may read):
//   weekday             0 = Monday .. 6 = Sunday
//   type                Workday, Weekend (Sat/Sun outside a holiday), Festival, LongHoliday
//   days_to_holiday     days until the next festival or long holiday starts, capped at H =
//                       holiday_horizon_days; 0 on holiday days
//   days_after_holiday  days since the last festival or long holiday ended, capped at H; 0 on
//                       holiday days
//
// Holiday effect curves (log multipliers, hidden truth used by the generator), summed over
// holidays h with strength k_h = 1 (long) or festival_strength (festival), first day s_h, last e_h:
//   during[t] = k_h                                           for s_h <= t <= e_h
//   pre[t]    = k_h (1 - (s_h - t - 1) / R)                   for 1 <= s_h - t <= R (R = ramp days)
//   post[t]   = k_h exp(-(t - e_h - 1) / tau)                 for 1 <= t - e_h <= 5 tau
// The generator multiplies them by holiday_lift, pre_holiday_lift and -post_holiday_drop.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/inventory/config.hpp"

namespace simrec::sim {

enum class HolidayType : std::uint8_t { Workday = 0, Weekend = 1, Festival = 2, LongHoliday = 3 };
inline constexpr int kNumHolidayTypes = 4;
const char* holiday_type_name(HolidayType t);
// "workday", "weekend", "festival", "long_holiday"; anything else throws std::invalid_argument
// naming the value and the allowed names.
HolidayType parse_holiday_type(std::string_view name);

struct Holiday {
  std::string name;      // "national_day", ...
  HolidayType type;      // Festival or LongHoliday
  std::int64_t first_day;
  std::int64_t num_days;
  std::int64_t last_day() const { return first_day + num_days - 1; }
};

struct CalendarDay {
  std::uint8_t weekday;
  HolidayType type;
  std::int16_t days_to_holiday;
  std::int16_t days_after_holiday;
};

struct HolidayCurves {
  std::vector<double> during, pre, post;  // per day, see the header comment
};

struct InventoryCalendar {
  std::vector<Holiday> holidays;  // by first day
  std::vector<CalendarDay> days;  // days 0 .. num_days - 1
  HolidayCurves curves;           // same length as days
  // The holiday covering `day`, or nullptr.
  const Holiday* holiday_on(std::int64_t day) const;
};

// The calendar of days [0, num_days) under the config's holiday lengths and horizon (num_days may
// exceed config.num_days: future days for forecasting).
InventoryCalendar build_inventory_calendar(const InventoryConfig& config, std::uint64_t seed, std::int64_t num_days);

}  // namespace simrec::sim
