#include "sim/inventory/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::sim {

namespace {

constexpr std::int64_t kYearDays = 365;

struct HolidayRule {
  const char* name;
  HolidayType type;
  std::int64_t first_doy_lo, first_doy_hi;  // first day of year drawn uniformly in [lo, hi]
};

// Day-of-year windows (0 = Jan 1) chosen so no two holidays overlap for any allowed length.
constexpr HolidayRule kRules[] = {
    {"new_year", HolidayType::Festival, 0, 0},
    {"spring_festival", HolidayType::LongHoliday, 20, 50},
    {"qingming", HolidayType::Festival, 93, 93},
    {"labour_day", HolidayType::LongHoliday, 120, 120},
    {"dragon_boat", HolidayType::Festival, 145, 175},
    {"mid_autumn", HolidayType::Festival, 250, 265},
    {"national_day", HolidayType::LongHoliday, 273, 273},
};

}  // namespace

const char* holiday_type_name(HolidayType t) {
  switch (t) {
    case HolidayType::Workday: return "workday";
    case HolidayType::Weekend: return "weekend";
    case HolidayType::Festival: return "festival";
    case HolidayType::LongHoliday: return "long_holiday";
  }
  return "?";
}

HolidayType parse_holiday_type(std::string_view name) {
  for (int t = 0; t < kNumHolidayTypes; ++t)
    if (name == holiday_type_name(HolidayType(t))) return HolidayType(t);
  throw std::invalid_argument("unknown holiday type '" + std::string(name) +
                              "': allowed workday, weekend, festival, long_holiday");
}

const Holiday* InventoryCalendar::holiday_on(std::int64_t day) const {
  for (const Holiday& h : holidays)
    if (day >= h.first_day && day <= h.last_day()) return &h;
  return nullptr;
}

InventoryCalendar build_inventory_calendar(const InventoryConfig& cfg, std::uint64_t seed, std::int64_t num_days) {
  if (num_days < 0) throw std::invalid_argument("inventory calendar: negative number of days");
  InventoryCalendar cal;
  // Holidays of every year touching [0, num_days) plus one more year (for days-to features).
  const std::int64_t years = num_days / kYearDays + 2;
  for (std::int64_t y = 0; y < years; ++y) {
    random::Rng rng(seed, "inventory/calendar", std::uint64_t(y));
    for (const HolidayRule& r : kRules) {
      const std::int64_t doy = r.first_doy_lo + std::int64_t(rng.below(std::uint64_t(r.first_doy_hi - r.first_doy_lo + 1)));
      const std::int64_t len = r.type == HolidayType::LongHoliday ? cfg.long_holiday_days : cfg.festival_days;
      cal.holidays.push_back({r.name, r.type, y * kYearDays + doy, len});
    }
  }
  std::sort(cal.holidays.begin(), cal.holidays.end(),
            [](const Holiday& a, const Holiday& b) { return a.first_day < b.first_day; });

  const std::int64_t cap = cfg.holiday_horizon_days;
  cal.days.resize(std::size_t(num_days));
  std::vector<std::int64_t> holiday_of(std::size_t(num_days), -1);
  for (std::size_t h = 0; h < cal.holidays.size(); ++h)
    for (std::int64_t d = cal.holidays[h].first_day; d <= cal.holidays[h].last_day() && d < num_days; ++d)
      holiday_of[std::size_t(d)] = std::int64_t(h);
  std::size_t next = 0;  // first holiday whose last day is >= d
  for (std::int64_t d = 0; d < num_days; ++d) {
    while (next < cal.holidays.size() && cal.holidays[next].last_day() < d) ++next;
    CalendarDay& c = cal.days[std::size_t(d)];
    c.weekday = std::uint8_t((cfg.first_weekday + d) % 7);
    const std::int64_t h = holiday_of[std::size_t(d)];
    if (h >= 0) {
      c.type = cal.holidays[std::size_t(h)].type;
      c.days_to_holiday = 0;
      c.days_after_holiday = 0;
      continue;
    }
    c.type = c.weekday >= 5 ? HolidayType::Weekend : HolidayType::Workday;
    const std::int64_t to = next < cal.holidays.size() ? cal.holidays[next].first_day - d : cap;
    // Day 0 of the first year has no earlier holiday in the list: treat as "long ago".
    const std::int64_t after = next > 0 ? d - cal.holidays[next - 1].last_day() : cap;
    c.days_to_holiday = std::int16_t(std::min(to, cap));
    c.days_after_holiday = std::int16_t(std::min(after, cap));
  }

  HolidayCurves& k = cal.curves;
  k.during.assign(std::size_t(num_days), 0.0);
  k.pre.assign(std::size_t(num_days), 0.0);
  k.post.assign(std::size_t(num_days), 0.0);
  const double ramp = double(cfg.pre_holiday_ramp_days), tau = cfg.post_holiday_decay_days;
  const std::int64_t post_span = std::int64_t(std::ceil(5 * tau));
  for (const Holiday& h : cal.holidays) {
    const double strength = h.type == HolidayType::LongHoliday ? 1.0 : cfg.festival_strength;
    for (std::int64_t d = h.first_day; d <= h.last_day() && d < num_days; ++d) k.during[std::size_t(d)] += strength;
    for (std::int64_t back = 1; back <= cfg.pre_holiday_ramp_days; ++back) {
      const std::int64_t d = h.first_day - back;
      if (d >= 0 && d < num_days) k.pre[std::size_t(d)] += strength * (1.0 - double(back - 1) / ramp);
    }
    for (std::int64_t after = 1; after <= post_span; ++after) {
      const std::int64_t d = h.last_day() + after;
      if (d >= 0 && d < num_days) k.post[std::size_t(d)] += strength * std::exp(-double(after - 1) / tau);
    }
  }
  return cal;
}

}  // namespace simrec::sim
