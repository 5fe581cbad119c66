#pragma once
// World: the generated video world of one (config, seed) -- catalog, per-day attention tables,
// the user factory and the behaviour model -- plus the oracle accessors the harness may use.
// Users are never stored: user(id) regenerates a profile from its stream. Construction validates
// the config (ConfigError on a bad one) and is parallel and thread-count independent.
//
// Streams (Philox keys, each indexed by an entity or event counter; see sim/README.md):
//   world/*           catalog entities (genre, sub-genre, channel, video, series, networks)
//   user/profile      user id
//   events/user_day   user id x num_days + day       sessions of the day
//   events/session    user id x 2^32 + session       steps of a session
//   events/step       user id x 2^32 + step          one organic step (choice, search, watch)
//   events/page       user id x 2^32 + page          clicks of a feed page
//   events/item       (user id x 2^32 + page) x 64 + position   the watch after a click
//   policy/page       user id x 2^32 + page          the serving policy's own randomness

#include <cstdint>
#include <memory>

#include "sim/random/philox.hpp"
#include "sim/world/attention.hpp"
#include "sim/world/behaviour.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/config.hpp"
#include "sim/world/user_state.hpp"
#include "sim/world/users.hpp"

namespace simrec::sim {

struct StreamKeys {
  random::Key user_day, session, step, page, item, policy;
};

class World {
 public:
  World(const VideoWorldConfig& config, std::uint64_t seed);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const VideoWorldConfig& config() const { return config_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t config_hash() const { return config_hash_; }
  const Catalog& catalog() const { return catalog_; }
  const AttentionTables& attention_tables() const { return attention_; }
  const BehaviourModel& behaviour() const { return *behaviour_; }
  const StreamKeys& keys() const { return keys_; }
  std::uint32_t num_users() const { return std::uint32_t(config_.num_users); }
  std::uint32_t num_videos() const { return catalog_.num_videos(); }
  std::uint32_t num_days() const { return std::uint32_t(config_.num_days); }
  double tau_seconds() const { return config_.attention_tau_days * kSecondsPerDay; }

  // Hidden profile of a user (pure function of seed and id).
  UserProfile user(UserId id) const { return users_->make_user(id); }
  void user(UserId id, UserProfile& out) const { users_->make_user(id, out); }

  // attention(v, t) (see attention.hpp).
  double attention(VideoId v, double time_seconds) const { return sim::attention(catalog_, tau_seconds(), v, time_seconds); }
  // Observable history features of (state's user, v) now.
  HistoryFeatures history_features(const UserState& state, VideoId v, double time_seconds) const;

  // Oracles for the harness (never for algorithms): the true click probability at a slate
  // position and the expected watch outcome of (user, video, t) given the user's history.
  double true_click_probability(const UserProfile& u, const UserState& s, VideoId v, double t, int position) const {
    return behaviour_->click_probability(u, v, t, history_features(s, v, t), position);
  }
  WatchExpectation true_watch_expectation(const UserProfile& u, const UserState& s, VideoId v, double t) const {
    return behaviour_->expected_watch(u, v, history_features(s, v, t));
  }

  // The catalog's 80th percentile of click-bait b (over every video, uploaded or not): the online
  // simulation's click-bait share counts shown impressions with b above it.
  float high_clickbait_threshold() const { return high_clickbait_threshold_; }

  // Static memory of the world (catalog + attention tables), and its per-video share.
  std::size_t memory_bytes() const { return catalog_.memory_bytes() + attention_.memory_bytes(); }

 private:
  VideoWorldConfig config_;
  std::uint64_t seed_;
  std::uint64_t config_hash_;
  Catalog catalog_;
  AttentionTables attention_;
  std::unique_ptr<UserFactory> users_;
  std::unique_ptr<BehaviourModel> behaviour_;
  StreamKeys keys_;
  float high_clickbait_threshold_ = 0;
};

}  // namespace simrec::sim
