#include "sim/ads/config.hpp"

#include <vector>

namespace simrec::sim::ads {

namespace {

using C = AdWorldConfig;
constexpr double kMaxCount = 1e9;
constexpr double kMaxScenarios = 1e6;

#define K(field, lo, hi, help) SIMREC_KNOB(C, field, lo, hi, help)
#define KP(field, lo, hi, help) SIMREC_KNOB_POS(C, field, lo, hi, help)

const std::vector<AdWorldKnob>& knob_table() {
  static const std::vector<AdWorldKnob> table = {
      // scale
      K(num_users, 1, kMaxCount, "number of users (the video world's user model)"),
      K(num_days, 1, 3650, "days of logged ad requests"),
      K(latent_dim, 2, 64, "dimension of the latent taste / ad vectors u*, a*"),
      KP(requests_per_user_day, 0, 1e4, "mean ad requests per user and day (impression volume)"),
      K(user_activity_log_sigma, 0, 4, "log-sd of a user's request-rate multiplier (mean 1)"),
      // scenarios and traffic
      K(num_channels, 1, 100000, "recommendation channels (ad exchanges)"),
      K(num_apps, 1, 1000000, "apps (media) reachable through every channel"),
      K(num_formats, 1, kMaxFormats, "display formats used: splash, interstitial, feed, pop-up (first N)"),
      K(num_time_slots, 1, 24, "time slots of the day that split scenarios (1: no slot dimension)"),
      K(traffic_zipf, 0, 4, "Zipf exponent alpha of scenario traffic: traffic(s) ~ rank(s)^-alpha"),
      K(traffic_channel_sd, 0, 10, "weight of the channel in a scenario's traffic rank (head channels own head scenarios)"),
      K(traffic_app_sd, 0, 10, "weight of the app in a scenario's traffic rank"),
      K(feed_positions, 1, 64, "positions of the feed format (drawn uniformly); other formats have one"),
      // base CTR
      KP(base_ctr_median, 0, 0.5, "median over channels of the base CTR"),
      K(channel_ctr_spread_orders, 0, 4, "orders of magnitude between the lowest and highest channel base CTR"),
      K(scenario_ctr_sd, 0, 4, "sd of a scenario's own logit offset"),
      // hidden groups
      K(num_groups, 1, 1000, "hidden scenario groups"),
      K(group_scenario_noise, 0, 1, "probability that a scenario ignores its (channel, format, slot) group and draws one uniformly"),
      K(group_affinity_correlation, 0, 1, "correlation rho of the group re-weightings of latent dimensions (1: all groups share the affinity)"),
      K(importance_log_sigma, 0, 4, "log-sd of a group's feature importances around the base weights"),
      K(group_time_shift_hours, 0, 12, "groups shift the category peak hours by U(-h, h)"),
      K(category_bias_sd, 0, 4, "sd of a group's logit bias per ad category"),
      // click weights
      K(affinity_weight, 0, 50, "base weight of the group affinity <u*, D_g a*>"),
      K(time_of_day_weight, 0, 20, "base weight of cos(2 pi (hour - category peak - group shift) / 24)"),
      K(quality_weight, 0, 20, "base weight of the ad's quality (standard normal)"),
      K(position_weight, 0, 20, "base weight of -log(position)"),
      // inventory
      K(num_categories, 1, 10000, "ad / merchant categories"),
      K(num_merchants, 1, kMaxCount, "merchants (advertisers), category uniform"),
      K(num_ads, 1, kMaxCount, "ads (creatives), merchant uniform"),
      K(category_spread, 0, 10, "latent distance of a category centre from its sub-genre centroid"),
      K(merchant_spread, 0, 10, "latent distance of a merchant from its category centre"),
      K(ad_spread, 0, 10, "latent distance of an ad from its merchant"),
      K(ad_budget_zipf, 0, 4, "Zipf exponent of ad budgets (how often the logging policy serves an ad)"),
      K(targeting_sharpness, 0, 50, "logging policy: category ~ softmax(sharpness <u*, c_k>) (0: by budget only)"),
  };
  return table;
}

#undef K
#undef KP

void require(bool ok, const std::string& message) {
  if (!ok) throw config::ConfigError(message);
}

}  // namespace

std::span<const AdWorldKnob> ad_world_knobs() { return knob_table(); }

void AdWorldConfig::validate() const {
  config::check_knobs<AdWorldConfig>(*this, ad_world_knobs(), "ads");
  using config::format_value;
  const double scenarios = double(num_scenarios());
  require(scenarios <= kMaxScenarios,
          "ads.num_channels x ads.num_apps x ads.num_formats x ads.num_time_slots = " + format_value(scenarios) +
              " scenarios is out of range: allowed [1, " + format_value(kMaxScenarios) + "]");
  require(double(num_groups) <= scenarios, "ads.num_groups = " + format_value(double(num_groups)) +
                                               " is out of range: allowed [1, number of scenarios = " +
                                               format_value(scenarios) + "]");
}

std::string AdWorldConfig::to_text() const { return config::knobs_to_text<AdWorldConfig>(*this, ad_world_knobs()); }

std::uint64_t AdWorldConfig::hash() const { return config::text_hash(to_text()); }

void AdWorldConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<AdWorldConfig>(*this, ad_world_knobs(), "ads", name, value);
}

}  // namespace simrec::sim::ads
