#pragma once
// VideoWorldConfig: every parameter of the video world (SPEC §3), with its default. The knob table
// (video_world_knobs()) gives each field's name, allowed range and help text; the defaults are the
// member initialisers below (read back through the table, never duplicated). Per-activity-group
// arrays are indexed by ActivityGroup {New, Low, High} and named "<field>.new/.low/.high".
// sim/README.md explains how each knob enters the behaviour equations.
//
// The run seed is not part of the config: World(config, seed). config_hash() hashes the canonical
// knob text, so (config_hash, seed) identifies a generated world.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"
#include "sim/world/types.hpp"

namespace simrec::sim {

using GroupArray = std::array<double, kNumActivityGroups>;

struct VideoWorldConfig {
  // --- scale ---
  std::int64_t num_users = 10000;
  std::int64_t num_videos = 20000;
  std::int64_t num_days = 14;
  std::int64_t latent_dim = 16;

  // --- genres, channels, series ---
  std::int64_t num_genres = 20;
  std::int64_t subgenres_per_genre = 5;
  double genre_zipf = 1.0;
  double subgenre_zipf = 0.8;
  double subgenre_spread = 0.6;
  std::int64_t num_channels = 1000;
  double channel_size_zipf = 0.8;
  double channel_home_genre_prob = 0.85;
  double channel_spread = 0.5;
  double series_mean_length = 6.0;

  // --- videos ---
  double video_spread = 0.5;
  double video_popularity_zipf = 1.0;
  double back_catalog_fraction = 0.8;
  double back_catalog_days = 365.0;
  double viral_median = 3.0;
  double viral_log_sigma = 1.0;
  double attention_tau_days = 2.0;
  double short_form_prob_min = 0.1;
  double short_form_prob_max = 0.7;
  double short_duration_median_seconds = 30.0;
  double short_duration_log_sigma = 0.8;
  double long_duration_median_seconds = 480.0;
  double long_duration_log_sigma = 0.9;
  double quality_mean = 0.5;
  double quality_concentration = 6.0;
  double clickbait_mean = 0.2;
  double clickbait_concentration = 4.0;
  double thumbnail_mean = 0.5;
  double thumbnail_concentration = 4.0;

  // --- title and query tokens ---
  std::int64_t common_tokens = 200;
  std::int64_t topic_tokens_per_subgenre = 12;
  std::int64_t genre_tokens = 4;
  double topic_token_zipf = 1.0;
  std::int64_t query_max_tokens = 3;
  double query_channel_token_prob = 0.2;

  // --- users ---
  double new_user_fraction = 0.15;
  double high_user_fraction = 0.25;
  GroupArray sessions_per_day = {0.8, 0.6, 2.5};
  GroupArray steps_per_session = {3.0, 4.0, 8.0};
  GroupArray prior_watches = {0.0, 40.0, 200.0};
  std::int64_t num_regions = 20;
  double region_zipf = 1.0;
  double logged_in_prob = 0.75;
  double female_prob = 0.5;
  std::array<double, kNumAgeBuckets> age_weight = {0.12, 0.22, 0.24, 0.18, 0.13, 0.11};
  std::array<double, kNumDevices> device_weight = {0.55, 0.25, 0.15, 0.05};
  double demographic_weight = 0.6;
  double demographic_gain = 2.5;
  std::int64_t demographic_hidden_units = 32;
  double demographic_sharpness = 3.0;
  double personal_noise = 0.3;
  double drift_watches = 60.0;
  double drift_strength = 0.8;

  // --- organic sessions ---
  double feed_page_prob = 0.6;
  std::int64_t browse_pool_size = 32;
  double browse_popular_share = 0.5;
  GroupArray taste_weight = {1.5, 3.0, 4.5};
  GroupArray popularity_weight = {1.0, 1.0, 1.0};
  double similarity_weight = 1.5;
  double choice_quality_weight = 1.0;
  double rewatch_penalty = 3.0;
  GroupArray series_continue_prob = {0.2, 0.3, 0.35};
  GroupArray search_prob = {0.05, 0.15, 0.2};
  std::int64_t search_results = 20;
  double search_target_found_prob = 0.7;
  double title_match_weight = 0.5;
  double step_gap_seconds = 5.0;
  double page_dwell_seconds = 8.0;
  double search_seconds = 10.0;
  // Search intents (off by default): a search for a topic new to the user, and a short-lived
  // interest in the last searched topic that later browse choices follow.
  double search_new_topic_prob = 0.0;
  double search_intent_weight = 0.0;
  double search_intent_hours = 24.0;
  double search_intent_pool_share = 0.0;

  // --- logging policy and position bias ---
  std::int64_t slate_size = 8;
  std::int64_t policy_candidates = 24;
  double policy_personalisation = 3.0;
  double policy_temperature = 1.0;
  std::int64_t policy_history = 5;
  double position_bias_exponent = 0.7;

  // --- click model ---
  GroupArray click_intercept = {-3.5, -3.7, -3.5};
  GroupArray click_affinity_weight = {1.0, 2.5, 4.0};
  GroupArray click_popularity_weight = {0.25, 0.1, 0.05};
  double clickbait_click_weight = 2.0;
  double thumbnail_click_weight = 1.0;
  double freshness_click_weight = 0.3;
  double impression_fatigue_weight = 0.3;
  double channel_click_weight = 0.2;

  // --- watch model and labels ---
  double task_correlation = 0.5;
  GroupArray watch_intercept = {-0.7, -0.5, -0.3};
  GroupArray watch_satisfaction_weight = {1.0, 2.0, 3.0};
  double watch_quality_weight = 2.0;
  double clickbait_watch_penalty = 2.5;
  double watch_duration_weight = 0.35;
  double channel_history_watch_weight = 0.15;
  double watch_noise_sigma = 1.0;
  double finish_threshold = 1.5;
  double replay_prob = 0.05;
  double replay_max_fraction = 1.0;
  double skip_seconds = 10.0;
  double completion_cap = 2.0;
  double like_intercept = -3.0;
  double like_satisfaction_weight = 1.5;
  double like_quality_weight = 1.5;
  double like_finish_weight = 1.0;
  double share_intercept = -5.0;
  double share_satisfaction_weight = 1.5;
  double share_quality_weight = 1.5;
  double abnormal_watch_prob = 0.002;
  double abnormal_min_ratio = 4.0;
  double abnormal_max_ratio = 40.0;

  // Throws config::ConfigError naming the knob, its value and the allowed range.
  void validate() const;
  // Canonical "name = value" text of every knob, in table order, and its FNV-1a hash.
  std::string to_text() const;
  std::uint64_t hash() const;
  // Sets one knob from text (scenario file or --set): "sim.<name>" errors on unknown / bad values.
  void set(std::string_view name, std::string_view value);
};

using WorldKnob = config::Knob<VideoWorldConfig>;
std::span<const WorldKnob> video_world_knobs();

}  // namespace simrec::sim
