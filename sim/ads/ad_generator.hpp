#pragma once
// Streaming generation of the ad world's click log (the logged window under the logging policy).
//
// Per user u (profile from user/profile, activity from ads/user) and day: n ~ Poisson(
// requests_per_user_day x activity(u)) requests (stream ads/user_day); request r (the user's
// running request counter; stream ads/request, index u x 2^32 + r) draws, in this order:
//   scenario  s ~ traffic (alias table), which fixes channel, app, format and slot;
//   time      uniform within the slot's hours of that day (requests before a New user joins are
//             dropped);
//   ad        the logging policy: category k ~ softmax(targeting_sharpness <u*, c_k>) over
//             categories that have ads, then an ad of k by budget;
//   position  1 + U{0..feed_positions-1} in the feed format, else 1;
//   click     Bernoulli(true click probability) (click_model.hpp).
// A user's impressions are sorted by time (ties by request number). Users are generated in
// chunks of chunk_users in parallel (OpenMP) and handed to the sink in user order, so the log
// and its hash are identical for any thread count and chunk size.

#include <cstdint>
#include <vector>

#include "sim/ads/ad_events.hpp"
#include "sim/ads/ad_world.hpp"

namespace simrec::sim::ads {

struct AdGenerationOptions {
  UserId first_user = 0;
  std::uint32_t num_users = 0;  // 0: every user from first_user on
  std::uint32_t chunk_users = 512;
  int num_threads = 0;          // 0: OpenMP default
};

struct AdGenerationSummary {
  std::uint64_t event_stream_hash = 0;
  std::uint64_t num_users = 0, num_impressions = 0, num_clicks = 0;
};

AdGenerationSummary generate_ad_events(const AdWorld& world, AdEventSink* sink, const AdGenerationOptions& options = {});

// Generates one user's impressions into `out` (cleared first); what generate_ad_events runs per user.
void generate_user_ad_events(const AdWorld& world, UserId user, std::vector<AdEvent>& out);

class AdVectorSink final : public AdEventSink {
 public:
  void consume(UserId, std::span<const AdEvent> block) override { events.insert(events.end(), block.begin(), block.end()); }
  std::vector<AdEvent> events;
};

}  // namespace simrec::sim::ads
