#pragma once
// Knobs of the inventory world (SPEC §3 "Inventory world"; the model is documented in
// sim/README.md, section "Inventory world"). Every field is a named, range-checked knob
// (sim/config/knob.hpp); scenario files set them in an [inventory] section.
//
// Units: days, requests per day; every "lift" / "drop" / "sigma" is a natural-log multiplier
// (a lift of 0.3 multiplies traffic by e^0.3 = 1.35).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"

namespace simrec::sim {

struct InventoryConfig {
  // --- size --------------------------------------------------------------------------------
  std::int64_t num_days = 1095;           // three 365-day years
  std::int64_t first_weekday = 0;         // weekday of day 0 (0 = Monday)
  std::int64_t num_regions = 6;
  std::int64_t num_age_buckets = 5;
  std::int64_t num_genders = 2;
  std::int64_t num_member_levels = 4;
  std::int64_t max_cross_dims = 3;        // crosses of 0..max_cross_dims targeting dimensions
  // --- shares (scale spread across crosses) ------------------------------------------------
  double region_zipf = 1.2;               // Zipf exponent of region shares
  double age_zipf = 0.6;                  // Zipf exponent of age-bucket shares
  double gender_zipf = 0.2;
  double member_zipf = 1.5;               // few members at the top levels
  double share_interaction_sigma = 0.3;   // log-normal jitter of full cells' shares (non-product)
  // --- total traffic -----------------------------------------------------------------------
  double base_daily_requests = 2e6;       // all traffic per day at day 0 before effects
  double trend_per_year = 0.15;           // log growth of total traffic per 365 days
  double weekend_lift = 0.15;             // log lift of Saturdays and Sundays
  double total_noise_sigma = 0.03;        // daily log-normal noise of the total
  double shocks_per_year = 2.0;           // Poisson rate of level shocks (campaigns, outages, ...)
  double shock_sigma = 0.25;              // log magnitude of a shock ~ N(0, sigma^2)
  double shock_decay_days = 90;           // shocks decay as exp(-(t - start) / decay)
  // --- calendar ----------------------------------------------------------------------------
  std::int64_t long_holiday_days = 7;     // Spring Festival, Labour Day, National Day
  std::int64_t festival_days = 3;         // New Year, Qingming, Dragon Boat, Mid-Autumn
  std::int64_t holiday_horizon_days = 14; // cap of the days-to / days-after features
  // --- holiday effect on the total ---------------------------------------------------------
  double holiday_lift = 0.25;             // log lift during a long holiday
  double pre_holiday_lift = 0.45;         // log lift on the day before a long holiday (ramp peak)
  std::int64_t pre_holiday_ramp_days = 10;// days over which the pre-holiday lift builds up
  double post_holiday_drop = 0.35;        // log drop on the first day after a long holiday
  double post_holiday_decay_days = 3;     // e-folding time of the post-holiday drop
  double festival_strength = 0.4;         // festivals' effects relative to a long holiday's
  // --- cross-specific response -------------------------------------------------------------
  double response_spread = 0.5;           // sd of per-dimension-level elasticity offsets
  double response_cell_jitter = 0.2;      // sd of per-cell elasticity jitter
  double share_drift_sigma = 0.1;         // sd of per-level log share drift per year
  // --- drift of the dynamics (0 = the relation of a day to the week before stays fixed) -----
  double weekend_drift_per_year = 0.0;    // change of the total's log weekend lift per year
  double response_drift_sigma = 0.0;      // sd of per-level drift per year of each elasticity offset
  // --- cell noise --------------------------------------------------------------------------
  double cell_noise_sigma = 0.04;         // daily log-normal noise of each full cell
  bool poisson_counts = true;             // counts ~ Poisson(expected) on top

  void validate() const;
  void set(std::string_view name, std::string_view value);
  std::string to_text() const;
  std::int64_t num_cells() const { return num_regions * num_age_buckets * num_genders * num_member_levels; }
};

std::span<const config::Knob<InventoryConfig>> inventory_knobs();

}  // namespace simrec::sim
