#pragma once
// The ad world's click log: one compact 32-byte record per impression, delivered to a sink in
// blocks of one user's impressions (time order) with users in id order.
//
// Observable: everything in AdEvent. User features are the demographics copied from the profile;
// ad features (merchant, category) are AdInventory columns of ad_id; the scenario context
// (channel, app, format, slot) is ScenarioTable::context(scenario_id); hour_of_day is
// floor(time mod 1 day / 1 h). Hidden (never logged): the scenario's group, u*, a*, quality and
// the true click probability, which the harness reads through AdWorld.
//
// Hash: as the video world's stream (events.hpp) -- per user a fold of mix64(h ^ ad_event_hash),
// combined in user order with combine_user_hash -- so equal hashes prove equal logs.

#include <cstdint>
#include <span>

#include "sim/world/types.hpp"

namespace simrec::sim::ads {

struct AdEvent {
  double time_seconds = 0;        // since the start of day 0
  UserId user_id = 0;
  std::uint32_t ad_id = 0;
  std::uint32_t scenario_id = 0;
  std::uint16_t region = 0;       // user features (demographics)
  std::uint8_t age_bucket = 0, gender = 0, device = 0, logged_in = 0;
  std::uint8_t hour_of_day = 0;   // 0..23
  std::uint8_t position = 1;      // 1-based; > 1 only in the feed format
  std::uint8_t click = 0;         // label
  std::uint8_t reserved = 0;

  std::int64_t day() const { return day_index(time_seconds); }
};
static_assert(sizeof(AdEvent) == 32, "AdEvent is meant to stay one half cache line");

std::uint64_t ad_event_hash(const AdEvent& e);

class AdEventSink {
 public:
  virtual ~AdEventSink() = default;
  virtual void consume(UserId user, std::span<const AdEvent> events) = 0;
};

}  // namespace simrec::sim::ads
