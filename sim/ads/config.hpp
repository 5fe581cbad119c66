#pragma once
// AdWorldConfig: every parameter of the multi-scenario ad world (SPEC §3 "Ad world"), with its
// default. The knob table (ad_world_knobs(), section "ads") names each field once with its allowed
// range and help text; sim/README.md ("The ad world") explains how each knob enters the model.
//
// Scenario = channel x app x display format (x time slot): num_scenarios() = num_channels x
// num_apps x num_formats x num_time_slots, from a handful to 10^6 (the article's ~100k).
// User knobs other than num_users / num_days / latent_dim come from the video world's
// VideoWorldConfig (the user model is shared, see ad_world.hpp).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"

namespace simrec::sim::ads {

// Display formats in id order; num_formats = F uses the first F of them.
enum class AdFormat : std::uint8_t { Splash = 0, Interstitial = 1, Feed = 2, Popup = 3 };
inline constexpr int kMaxFormats = 4;
inline constexpr const char* format_name(AdFormat f) {
  return f == AdFormat::Splash ? "splash" : f == AdFormat::Interstitial ? "interstitial" : f == AdFormat::Feed ? "feed" : "popup";
}

struct AdWorldConfig {
  // --- scale ---
  std::int64_t num_users = 5000;
  std::int64_t num_days = 7;
  std::int64_t latent_dim = 16;
  double requests_per_user_day = 4.0;
  double user_activity_log_sigma = 0.8;

  // --- scenarios and traffic ---
  std::int64_t num_channels = 20;
  std::int64_t num_apps = 10;
  std::int64_t num_formats = 4;
  std::int64_t num_time_slots = 1;
  double traffic_zipf = 1.1;
  double traffic_channel_sd = 1.5;
  double traffic_app_sd = 0.5;
  std::int64_t feed_positions = 5;

  // --- base CTR ---
  double base_ctr_median = 0.02;
  double channel_ctr_spread_orders = 2.0;
  double scenario_ctr_sd = 0.3;

  // --- hidden scenario groups ---
  std::int64_t num_groups = 8;
  double group_scenario_noise = 0.1;
  double group_affinity_correlation = 0.2;
  double importance_log_sigma = 0.5;
  double group_time_shift_hours = 6.0;
  double category_bias_sd = 0.6;

  // --- click model weights (group importances are these times a log-normal factor) ---
  double affinity_weight = 4.0;
  double time_of_day_weight = 1.0;
  double quality_weight = 0.5;
  double position_weight = 0.7;

  // --- inventory ---
  std::int64_t num_categories = 30;
  std::int64_t num_merchants = 2000;
  std::int64_t num_ads = 20000;
  double category_spread = 0.3;
  double merchant_spread = 0.5;
  double ad_spread = 0.4;
  double ad_budget_zipf = 0.8;
  double targeting_sharpness = 3.0;

  std::uint64_t num_scenarios() const {
    return std::uint64_t(num_channels) * std::uint64_t(num_apps) * std::uint64_t(num_formats) * std::uint64_t(num_time_slots);
  }

  // Throws config::ConfigError naming the knob, its value and the allowed range.
  void validate() const;
  std::string to_text() const;
  std::uint64_t hash() const;
  void set(std::string_view name, std::string_view value);
};

using AdWorldKnob = config::Knob<AdWorldConfig>;
std::span<const AdWorldKnob> ad_world_knobs();

}  // namespace simrec::sim::ads
