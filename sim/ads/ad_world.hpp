#pragma once
// AdWorld: the generated multi-scenario ad world of one (config, seed) -- the shared users, the ad
// inventory, the scenarios (traffic, base CTR, hidden groups) and the click model -- plus the
// oracles the harness may read: the hidden group of a scenario and the true click probability.
//
// Users are the video world's: the user model's VideoWorldConfig (its num_users, num_days and
// latent_dim replaced by the ad config's) builds the same genre / sub-genre taxonomy
// (generate_taxonomy) and the same UserFactory, so user id u of AdWorld(config, seed) is user u of
// a video World(seed) with those three knobs equal -- demographics, activity group and taste u*.
//
// Streams (Philox keys; see sim/README.md "The ad world"):
//   world/genre, world/subgenre, world/demographic_net_*, user/profile   shared with the video world
//   ads/channel_ctr (0), ads/channel (c), ads/app (a), ads/scenario (s), ads/group_key (key)
//   ads/category (k), ads/merchant (m), ads/ad (a), ads/ad_budget (0), ads/group (g)
//   ads/calibration (probe)              the probe sample of the group offsets (click_model.hpp)
//   ads/user (u)                         request-rate multiplier
//   ads/user_day (u x num_days + day)    number of requests of the day
//   ads/request (u x 2^32 + request)     scenario, time, ad, position, click of one request

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/ads/ad_events.hpp"
#include "sim/ads/click_model.hpp"
#include "sim/ads/config.hpp"
#include "sim/ads/inventory.hpp"
#include "sim/ads/scenarios.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/config.hpp"
#include "sim/world/users.hpp"

namespace simrec::sim::ads {

class AdWorld {
 public:
  // Validates both configs (config::ConfigError naming section.knob and its range).
  AdWorld(const AdWorldConfig& config, std::uint64_t seed, const VideoWorldConfig& user_model = {});
  AdWorld(const AdWorld&) = delete;
  AdWorld& operator=(const AdWorld&) = delete;

  const AdWorldConfig& config() const { return config_; }
  const VideoWorldConfig& user_config() const { return user_config_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t config_hash() const { return config_hash_; }
  std::uint32_t num_users() const { return std::uint32_t(config_.num_users); }
  std::uint32_t num_days() const { return std::uint32_t(config_.num_days); }
  const Catalog& taxonomy() const { return taxonomy_; }
  const AdInventory& inventory() const { return inventory_; }
  const ScenarioTable& scenarios() const { return scenarios_; }
  const ClickModel& click_model() const { return click_model_; }

  UserProfile user(UserId id) const { return users_->make_user(id); }
  void user(UserId id, UserProfile& out) const { users_->make_user(id, out); }
  // Mean-1 multiplier of the user's request rate (stream ads/user).
  double user_activity(UserId id) const;

  // The logging policy's category choice for a user: cumulative weights over categories of
  // exp(targeting_sharpness <u*, c_k>), 0 for categories without ads.
  void serving_category_cumulative(const UserProfile& user, std::vector<double>& cumulative) const;
  // An ad drawn by the logging policy (category by `cumulative`, then by budget).
  AdId serve_ad(std::span<const double> cumulative, random::Rng& rng) const;

  // Hidden truth for the harness (never a logged feature).
  std::uint16_t hidden_group(ScenarioId s) const { return scenarios_.hidden_group(s); }
  double intercept(ScenarioId s) const { return intercept_[s]; }
  ClickLogit click_logit(const UserProfile& user, AdId ad, ScenarioId s, double time_seconds, std::uint32_t position) const;
  double true_click_probability(const UserProfile& user, AdId ad, ScenarioId s, double time_seconds,
                                std::uint32_t position) const;
  // Same for a logged event (regenerates the user's profile: use the overload above in loops).
  double true_click_probability(const AdEvent& e) const;

 private:
  void calibrate_groups();

  AdWorldConfig config_;
  VideoWorldConfig user_config_;
  std::uint64_t seed_;
  std::uint64_t config_hash_;
  Catalog taxonomy_;
  std::unique_ptr<UserFactory> users_;
  AdInventory inventory_;
  ScenarioTable scenarios_;
  ClickModel click_model_;
  std::vector<float> intercept_;  // per scenario, calibrated (click_model.hpp)
};

// The user model's config as the ad world uses it: `user_model` with num_users, num_days and
// latent_dim taken from `config`.
VideoWorldConfig ad_user_config(const AdWorldConfig& config, const VideoWorldConfig& user_model);

}  // namespace simrec::sim::ads
