#include "sim/inventory/config.hpp"

#include <vector>

namespace simrec::sim {

namespace {

using C = InventoryConfig;
#define K(field, lo, hi, help) SIMREC_KNOB(C, field, lo, hi, help)
#define KP(field, lo, hi, help) SIMREC_KNOB_POS(C, field, lo, hi, help)

const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      K(num_days, 28, 36500, "number of simulated days (365-day years)"),
      K(first_weekday, 0, 6, "weekday of day 0 (0 = Monday .. 6 = Sunday)"),
      K(num_regions, 1, 1000, "levels of the region dimension"),
      K(num_age_buckets, 1, 100, "levels of the age dimension"),
      K(num_genders, 1, 10, "levels of the gender dimension"),
      K(num_member_levels, 1, 100, "levels of the member-level dimension"),
      K(max_cross_dims, 0, 3, "targeting crosses fix 0..max_cross_dims of the four dimensions"),
      K(region_zipf, 0, 4, "Zipf exponent of region shares"),
      K(age_zipf, 0, 4, "Zipf exponent of age-bucket shares"),
      K(gender_zipf, 0, 4, "Zipf exponent of gender shares"),
      K(member_zipf, 0, 4, "Zipf exponent of member-level shares"),
      K(share_interaction_sigma, 0, 3, "log-normal sd of each full cell's share around the product of marginals"),
      KP(base_daily_requests, 0, 1e12, "all-traffic requests per day at day 0, before effects"),
      K(trend_per_year, -3, 3, "log growth of total traffic per 365 days"),
      K(weekend_lift, -3, 3, "log lift of total traffic on Saturdays and Sundays"),
      K(total_noise_sigma, 0, 2, "daily log-normal noise sd of total traffic"),
      K(shocks_per_year, 0, 365, "Poisson rate of level shocks of total traffic per 365 days"),
      K(shock_sigma, 0, 3, "sd of a shock's log magnitude"),
      KP(shock_decay_days, 0, 1e6, "a shock decays as exp(-(t - start) / shock_decay_days)"),
      K(long_holiday_days, 1, 14, "length of a long national holiday (Spring Festival, Labour Day, National Day)"),
      K(festival_days, 1, 7, "length of a festival (New Year, Qingming, Dragon Boat, Mid-Autumn)"),
      K(holiday_horizon_days, 1, 60, "cap of the days-to-holiday and days-after-holiday features"),
      K(holiday_lift, -3, 3, "log lift of total traffic during a long holiday"),
      K(pre_holiday_lift, -3, 3, "log lift on the last day before a long holiday (peak of the linear ramp)"),
      K(pre_holiday_ramp_days, 1, 60, "days over which the pre-holiday lift builds up"),
      K(post_holiday_drop, -3, 3, "log drop on the first day after a long holiday"),
      KP(post_holiday_decay_days, 0, 60, "e-folding time of the post-holiday drop, in days"),
      K(festival_strength, 0, 10, "a festival's lift, ramp and drop relative to a long holiday's"),
      K(response_spread, 0, 5, "sd of per-dimension-level offsets of the holiday / weekend elasticities"),
      K(response_cell_jitter, 0, 5, "sd of per-cell jitter of the elasticities"),
      K(share_drift_sigma, 0, 3, "sd of per-dimension-level log share drift per 365 days"),
      K(weekend_drift_per_year, -3, 3, "change of the total's log weekend lift per 365 days (the weekday profile shifts)"),
      K(response_drift_sigma, 0, 3, "sd of per-dimension-level drift per 365 days of each cross's holiday / weekend elasticities"),
      K(cell_noise_sigma, 0, 2, "daily log-normal noise sd of each full cell"),
      K(poisson_counts, 0, 1, "1: daily counts ~ Poisson(expected requests); 0: expected requests"),
  };
  return t;
}

#undef K
#undef KP

}  // namespace

std::span<const config::Knob<InventoryConfig>> inventory_knobs() { return table(); }

void InventoryConfig::validate() const {
  config::check_knobs<InventoryConfig>(*this, inventory_knobs(), "inventory");
  if (num_cells() > 10'000'000)
    throw config::ConfigError("inventory: num_regions x num_age_buckets x num_genders x num_member_levels = " +
                              std::to_string(num_cells()) + " full cells is too many: allowed at most 10000000");
}

void InventoryConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<InventoryConfig>(*this, inventory_knobs(), "inventory", name, value);
}

std::string InventoryConfig::to_text() const { return config::knobs_to_text<InventoryConfig>(*this, inventory_knobs()); }

}  // namespace simrec::sim
