// The inventory world's semantics (sim/inventory/; sim/README.md "Inventory world"): the calendar,
// holiday effects present exactly where configured, consistency of crosses (children sum to their
// parent; "all" = every cell), the scale spread set by the Zipf knobs, knobs moving the statistic
// they name, cross-specific responses, determinism across thread counts, and bad configs rejected
// naming the knob and its range.
#include <catch2/catch.hpp>

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/inventory/generator.hpp"

using namespace simrec;
using namespace simrec::sim;
using Catch::Matchers::Contains;

namespace {

// A small world with every random effect switched off: totals follow the formula exactly.
InventoryConfig quiet_config() {
  InventoryConfig c;
  c.num_days = 730;
  c.num_regions = 3;
  c.num_age_buckets = 2;
  c.num_genders = 2;
  c.num_member_levels = 2;
  c.trend_per_year = 0;
  c.weekend_lift = 0;
  c.total_noise_sigma = 0;
  c.shocks_per_year = 0;
  c.holiday_lift = 0;
  c.pre_holiday_lift = 0;
  c.post_holiday_drop = 0;
  c.response_spread = 0;
  c.response_cell_jitter = 0;
  c.share_drift_sigma = 0;
  c.share_interaction_sigma = 0;
  c.cell_noise_sigma = 0;
  c.poisson_counts = false;
  return c;
}

InventoryConfig small_config() {
  InventoryConfig c;
  c.num_days = 730;
  c.num_regions = 4;
  c.num_age_buckets = 3;
  c.num_genders = 2;
  c.num_member_levels = 3;
  return c;
}

const Holiday& find_holiday(const InventoryCalendar& cal, const std::string& name, std::int64_t year) {
  for (const Holiday& h : cal.holidays)
    if (h.name == name && h.first_day / 365 == year) return h;
  FAIL("no holiday " << name << " in year " << year);
  return cal.holidays.front();
}

std::string error_of(const InventoryConfig& c) {
  try {
    generate_inventory_world(c, 1);
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("inventory calendar: holidays, weekends and the days-to / days-after features", "[inventory][calendar]") {
  InventoryConfig c;
  c.first_weekday = 2;  // day 0 is a Wednesday
  const InventoryCalendar cal = build_inventory_calendar(c, 7, 800);
  REQUIRE(cal.days.size() == 800);
  CHECK(cal.days[0].weekday == 2);
  CHECK(cal.days[5].weekday == 0);
  for (std::int64_t y = 0; y < 2; ++y) {
    const Holiday& nd = find_holiday(cal, "national_day", y);
    CHECK(nd.first_day == 365 * y + 273);
    CHECK(nd.num_days == 7);
    CHECK(nd.type == HolidayType::LongHoliday);
    const Holiday& sf = find_holiday(cal, "spring_festival", y);
    CHECK(sf.first_day >= 365 * y + 20);
    CHECK(sf.first_day <= 365 * y + 50);
    CHECK(find_holiday(cal, "qingming", y).type == HolidayType::Festival);
    CHECK(find_holiday(cal, "qingming", y).num_days == 3);
  }
  // Movable holidays move: the two years' Spring Festivals differ for some seed.
  bool moved = false;
  for (std::uint64_t seed = 1; seed < 6 && !moved; ++seed) {
    const auto k = build_inventory_calendar(c, seed, 730);
    moved = find_holiday(k, "spring_festival", 0).first_day + 365 != find_holiday(k, "spring_festival", 1).first_day;
  }
  CHECK(moved);
  const Holiday& nd = find_holiday(cal, "national_day", 0);
  for (std::int64_t d = nd.first_day; d <= nd.last_day(); ++d) {
    CHECK(cal.days[std::size_t(d)].type == HolidayType::LongHoliday);
    CHECK(cal.days[std::size_t(d)].days_to_holiday == 0);
    CHECK(cal.days[std::size_t(d)].days_after_holiday == 0);
  }
  CHECK(cal.days[std::size_t(nd.first_day - 1)].days_to_holiday == 1);
  CHECK(cal.days[std::size_t(nd.first_day - 5)].days_to_holiday == 5);
  CHECK(cal.days[std::size_t(nd.last_day() + 1)].days_after_holiday == 1);
  CHECK(cal.days[std::size_t(nd.last_day() + 3)].days_after_holiday == 3);
  // Caps at the horizon; weekends outside holidays are Weekend days.
  std::int64_t weekends = 0;
  for (std::size_t d = 0; d < cal.days.size(); ++d) {
    CHECK(cal.days[d].days_to_holiday <= c.holiday_horizon_days);
    CHECK(cal.days[d].days_after_holiday <= c.holiday_horizon_days);
    if (!cal.holiday_on(std::int64_t(d))) {
      CHECK((cal.days[d].type == HolidayType::Weekend) == (cal.days[d].weekday >= 5));
      weekends += cal.days[d].type == HolidayType::Weekend;
    }
  }
  CHECK(weekends > 200);
  CHECK(parse_holiday_type("festival") == HolidayType::Festival);
  CHECK_THROWS_WITH(parse_holiday_type("christmas"), Contains("christmas") && Contains("long_holiday"));
}

TEST_CASE("inventory world: crosses of 0..3 dimensions are consistent sums of cells", "[inventory]") {
  const InventoryWorld w = generate_inventory_world(small_config(), 3);
  const auto sizes = w.dim_sizes();
  // 1 + (4+3+2+3) + (12+8+12+6+9+6) + (24+36+24+18)
  CHECK(w.num_crosses() == 1 + 12 + 53 + 102);
  CHECK(cross_name(w.crosses[0]) == "all");
  CHECK(w.crosses[0].num_fixed() == 0);
  CHECK(w.crosses.back().num_fixed() == 3);
  const std::size_t days = w.num_days();
  // Poisson counts are integers, so the sums are exact.
  std::size_t checked = 0;
  for (std::size_t k = 0; k < w.num_crosses(); ++k) {
    const TargetingCross& parent = w.crosses[k];
    if (parent.num_fixed() >= 3) continue;
    for (int d = 0; d < kNumTargetingDims; ++d) {
      if (parent.level[std::size_t(d)] != kAnyLevel) continue;
      std::vector<double> sum(days, 0.0);
      for (std::int64_t l = 0; l < sizes[std::size_t(d)]; ++l) {
        TargetingCross child = parent;
        child.level[std::size_t(d)] = std::int16_t(l);
        const double* s = w.series(w.find_cross(child));
        for (std::size_t t = 0; t < days; ++t) sum[t] += s[t];
      }
      const double* p = w.series(k);
      for (std::size_t t = 0; t < days; ++t) REQUIRE(sum[t] == p[t]);
      ++checked;
    }
  }
  CHECK(checked > 50);
  for (double v : w.requests) REQUIRE(v >= 0);
  CHECK_THROWS_WITH(w.find_cross(TargetingCross{{0, 0, 0, 0}}), Contains("region=0,age=0,gender=0,member=0"));
}

TEST_CASE("inventory world: identical for any thread count", "[inventory][determinism]") {
  const InventoryConfig c = small_config();
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const InventoryWorld a = generate_inventory_world(c, 11);
  omp_set_num_threads(3);
  const InventoryWorld b = generate_inventory_world(c, 11);
  omp_set_num_threads(before);
  CHECK(a.requests == b.requests);
  const InventoryWorld other = generate_inventory_world(c, 12);
  CHECK(a.requests != other.requests);
}

TEST_CASE("inventory world: holiday effects appear exactly where configured", "[inventory][holiday]") {
  InventoryConfig c = quiet_config();
  // Everything off: every cross is flat.
  const InventoryWorld flat = generate_inventory_world(c, 5);
  for (std::size_t k = 0; k < flat.num_crosses(); ++k) {
    const double* s = flat.series(k);
    for (std::size_t t = 1; t < flat.num_days(); ++t) REQUIRE(s[t] == Approx(s[0]).epsilon(1e-12));
  }
  c.holiday_lift = 0.3;
  c.pre_holiday_lift = 0.5;
  c.post_holiday_drop = 0.4;
  c.festival_strength = 0.5;
  const InventoryWorld w = generate_inventory_world(c, 5);
  const double* all = w.series(0);
  const double base = c.base_daily_requests;
  const Holiday& nd = find_holiday(w.calendar, "labour_day", 1);
  const Holiday& qm = find_holiday(w.calendar, "qingming", 1);
  // During, the day before (ramp peak), 9 days before, the first and second days after.
  CHECK(all[nd.first_day + 2] == Approx(base * std::exp(0.3)).epsilon(1e-9));
  CHECK(all[nd.first_day - 1] == Approx(base * std::exp(0.5)).epsilon(1e-9));
  CHECK(all[nd.first_day - 9] == Approx(base * std::exp(0.5 * 0.2)).epsilon(1e-9));
  CHECK(all[nd.last_day() + 1] == Approx(base * std::exp(-0.4)).epsilon(1e-9));
  CHECK(all[nd.last_day() + 2] == Approx(base * std::exp(-0.4 * std::exp(-1.0 / 3.0))).epsilon(1e-9));
  // Every day follows the formula (overlapping effects add up).
  const auto& k = w.calendar.curves;
  for (std::size_t t = 0; t < w.num_days(); ++t)
    REQUIRE(all[t] == Approx(base * std::exp(0.3 * k.during[t] + 0.5 * k.pre[t] - 0.4 * k.post[t])).epsilon(1e-9));
  // A festival carries festival_strength of each effect.
  CHECK(all[qm.first_day] == Approx(base * std::exp(0.15)).epsilon(1e-9));
  // Far from any holiday (mid-August): no effect.
  const std::int64_t quiet_day = 365 + 225;
  REQUIRE(w.calendar.curves.pre[std::size_t(quiet_day)] == 0);
  REQUIRE(w.calendar.curves.post[std::size_t(quiet_day)] == 0);
  CHECK(all[quiet_day] == Approx(base).epsilon(1e-12));
  // Without a response spread every cross keeps its share through the holiday ...
  for (std::size_t k = 1; k < w.num_crosses(); ++k)
    CHECK(w.series(k)[nd.first_day - 1] / all[nd.first_day - 1] == Approx(w.series(k)[quiet_day] / all[quiet_day]).epsilon(1e-9));
  // ... with one, crosses ramp up, lift and drop by different amounts (the total is unchanged).
  c.response_spread = 0.5;
  const InventoryWorld r = generate_inventory_world(c, 5);
  CHECK(r.series(0)[nd.first_day - 1] == Approx(base * std::exp(0.5)).epsilon(1e-9));
  std::vector<double> ramp_ratio;
  for (std::size_t k = 1; k < r.num_crosses(); ++k)
    ramp_ratio.push_back((r.series(k)[nd.first_day - 1] / r.series(0)[nd.first_day - 1]) / (r.series(k)[quiet_day] / r.series(0)[quiet_day]));
  const auto [lo, hi] = std::minmax_element(ramp_ratio.begin(), ramp_ratio.end());
  CHECK(*hi / *lo > 1.3);
}

TEST_CASE("inventory world: knobs move the statistic they name", "[inventory][knobs]") {
  InventoryConfig c = quiet_config();
  c.weekend_lift = 0.2;
  c.trend_per_year = 0.1;
  const InventoryWorld w = generate_inventory_world(c, 2);
  const double* all = w.series(0);
  // Weekend lift: a Saturday against the Friday before it, trend removed.
  for (std::int64_t t = 400; t < 700; ++t) {
    if (w.calendar.days[std::size_t(t)].type != HolidayType::Weekend || w.calendar.days[std::size_t(t - 1)].type != HolidayType::Workday) continue;
    CHECK(all[t] / all[t - 1] == Approx(std::exp(0.2 + 0.1 / 365)).epsilon(1e-9));
    break;
  }
  // Trend: the same weekday type one year apart.
  std::int64_t t0 = 8;
  while (w.calendar.days[std::size_t(t0)].type != HolidayType::Workday || w.calendar.days[std::size_t(t0 + 365)].type != HolidayType::Workday) ++t0;
  CHECK(all[t0 + 365] / all[t0] == Approx(std::exp(0.1)).epsilon(1e-9));
  // Noise: the log ratio of consecutive quiet workdays has sd sqrt(2) sigma.
  c = quiet_config();
  c.total_noise_sigma = 0.05;
  c.num_days = 3000;
  const InventoryWorld n = generate_inventory_world(c, 2);
  std::vector<double> diffs;
  for (std::size_t t = 1; t < n.num_days(); ++t) diffs.push_back(std::log(n.series(0)[t] / n.series(0)[t - 1]));
  double m = 0, v = 0;
  for (double d : diffs) m += d;
  m /= double(diffs.size());
  for (double d : diffs) v += (d - m) * (d - m);
  CHECK(std::sqrt(v / double(diffs.size() - 1)) == Approx(0.05 * std::sqrt(2.0)).epsilon(0.06));
  // Shocks move the level; none without them.
  c = quiet_config();
  c.shocks_per_year = 4;
  const InventoryWorld s = generate_inventory_world(c, 2);
  double max_shock = 0;
  for (double v2 : s.shock_log) max_shock = std::max(max_shock, std::fabs(v2));
  CHECK(max_shock > 0.1);
  for (double v2 : generate_inventory_world(quiet_config(), 2).shock_log) CHECK(v2 == 0);
  // Share drift: with it, a cross's share a year later differs; without, it does not.
  c = quiet_config();
  c.share_drift_sigma = 0.3;
  const InventoryWorld d = generate_inventory_world(c, 2);
  double max_change = 0;
  for (std::size_t k = 1; k < d.num_crosses(); ++k)
    max_change = std::max(max_change, std::fabs(std::log((d.series(k)[700] / d.series(0)[700]) / (d.series(k)[0] / d.series(0)[0]))));
  CHECK(max_change > 0.1);
}

TEST_CASE("inventory world: scale spread follows the Zipf knobs", "[inventory][scale]") {
  InventoryConfig c = quiet_config();
  c.region_zipf = 1.0;
  const InventoryWorld w = generate_inventory_world(c, 4);
  // Without interactions, a one-dimension cross's share is its Zipf marginal.
  const double h3 = 1.0 + 0.5 + 1.0 / 3.0;
  for (std::int16_t l = 0; l < 3; ++l) {
    const std::size_t k = w.find_cross(TargetingCross{{l, kAnyLevel, kAnyLevel, kAnyLevel}});
    CHECK(w.series(k)[100] / w.series(0)[100] == Approx(std::pow(double(l + 1), -1.0) / h3).epsilon(1e-9));
  }
  // Defaults: orders of magnitude between "all" and the smallest cross; steeper Zipf, wider spread.
  const auto spread = [](const InventoryConfig& cfg) {
    const InventoryWorld x = generate_inventory_world(cfg, 4);
    std::vector<double> means;
    for (std::size_t k = 0; k < x.num_crosses(); ++k) means.push_back(std::accumulate(x.series(k), x.series(k) + x.num_days(), 0.0));
    return std::log10(*std::max_element(means.begin(), means.end()) / *std::min_element(means.begin(), means.end()));
  };
  InventoryConfig d;
  d.num_days = 400;
  const double default_spread = spread(d);
  CHECK(default_spread > 3.0);
  d.member_zipf = 3.0;
  CHECK(spread(d) > default_spread + 0.5);
}

TEST_CASE("inventory world: bad configs are rejected naming the knob and its range", "[inventory][errors]") {
  InventoryConfig c;
  REQUIRE_NOTHROW(c.validate());
  c.num_days = 10;
  CHECK_THAT(error_of(c), Contains("inventory.num_days = 10") && Contains("[28, 36500]"));
  c = InventoryConfig{};
  c.max_cross_dims = 4;
  CHECK_THAT(error_of(c), Contains("inventory.max_cross_dims") && Contains("[0, 3]"));
  c = InventoryConfig{};
  c.base_daily_requests = 0;
  CHECK_THAT(error_of(c), Contains("inventory.base_daily_requests = 0") && Contains("(0, "));
  c = InventoryConfig{};
  CHECK_THROWS_WITH(c.set("cell_noise_sigma", "-1"), Contains("inventory.cell_noise_sigma = -1") && Contains("[0, 2]"));
  CHECK_THROWS_WITH(c.set("holiday_lfit", "1"), Contains("unknown option inventory.holiday_lfit"));
  c.set("holiday_lift", "0.5");
  CHECK(c.holiday_lift == 0.5);
  CHECK_THAT(c.to_text(), Contains("holiday_lift = 0.5"));
}

TEST_CASE("inventory world: the dynamics drift knobs change the weekday and holiday responses over time", "[inventory][knobs][drift]") {
  // Total: the Saturday / Friday ratio follows weekend_lift + weekend_drift_per_year t / 365.
  InventoryConfig c = quiet_config();
  c.weekend_lift = 0.2;
  c.weekend_drift_per_year = 0.1;
  const InventoryWorld w = generate_inventory_world(c, 2);
  int checked = 0;
  for (std::int64_t t = 1; t < 730; ++t) {
    if (w.calendar.days[std::size_t(t)].type != HolidayType::Weekend || w.calendar.days[std::size_t(t - 1)].type != HolidayType::Workday) continue;
    CHECK(w.series(0)[t] / w.series(0)[t - 1] == Approx(std::exp(0.2 + 0.1 * double(t) / 365)).epsilon(1e-9));
    ++checked;
  }
  CHECK(checked > 50);

  // Crosses: a cross's weekend lift relative to the total's changes from year 0 to year 1 with
  // response drift, and stays put without it.
  const auto max_change = [](const InventoryWorld& x) {
    // log(cross Sat / Fri) - log(all Sat / Fri), first such pair of year 0 against year 1.
    std::vector<std::int64_t> sats;
    for (std::int64_t t = 1; t < 730; ++t)
      if (x.calendar.days[std::size_t(t)].type == HolidayType::Weekend && x.calendar.days[std::size_t(t - 1)].type == HolidayType::Workday)
        sats.push_back(t);
    const std::int64_t a = sats.front(), b = sats.back();
    double m = 0;
    for (std::size_t k = 1; k < x.num_crosses(); ++k) {
      const auto rel = [&](std::int64_t t) { return std::log(x.series(k)[t] / x.series(k)[t - 1]) - std::log(x.series(0)[t] / x.series(0)[t - 1]); };
      m = std::max(m, std::fabs(rel(b) - rel(a)));
    }
    return m;
  };
  c = quiet_config();
  c.weekend_lift = 0.3;
  c.response_spread = 0.5;
  CHECK(max_change(generate_inventory_world(c, 3)) < 1e-9);
  c.response_drift_sigma = 0.5;
  CHECK(max_change(generate_inventory_world(c, 3)) > 0.05);

  // The drift acts only through the effects it scales: with every lift at 0 it changes nothing,
  // and it draws from its own stream (the other effects stay as they were).
  InventoryConfig off = small_config();
  off.weekend_lift = off.holiday_lift = off.pre_holiday_lift = off.post_holiday_drop = 0;
  InventoryConfig on = off;
  on.response_drift_sigma = 0.7;
  const InventoryWorld x = generate_inventory_world(off, 5), y = generate_inventory_world(on, 5);
  CHECK(x.requests == y.requests);
  for (std::size_t i = 0; i < x.cells.size(); ++i) {
    CHECK(x.cells[i].weekend_offset == y.cells[i].weekend_offset);
    CHECK(x.cells[i].base_share == y.cells[i].base_share);
  }
}
