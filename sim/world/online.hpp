#pragma once
// Online simulation (SPEC §3): plug a trained candidate generator or ranker back into the world as
// the serving policy and measure true outcomes -- a simulated A/B test next to offline metrics.
//
// Days [0, first_day) are replayed under the LoggingPolicy to build each user's history (the same
// events as the logged stream), then days [first_day, first_day + num_days) are served by
// `policy`; organic behaviour continues unchanged. Outcome streams are indexed by (user, page,
// position), so two policies run with the same seed see common random numbers: the same user
// arriving at the same page reacts to the same video at the same position identically, and the
// paired difference between policies has low variance.

#include <cstdint>

#include "sim/world/generator.hpp"
#include "sim/world/slate_policy.hpp"
#include "sim/world/world.hpp"

namespace simrec::sim {

struct OnlineOptions {
  std::uint32_t first_day = 0;
  std::uint32_t num_days = 1;
  GenerationOptions users;  // user range, chunking, threads
};

struct OnlineMetrics {
  std::uint64_t users = 0, pages = 0, impressions = 0, clicks = 0, watches = 0;
  double ctr = 0;                          // clicks / impressions
  double feed_watch_seconds_per_user = 0;  // true watch time from feed clicks
  double watch_seconds_per_user = 0;       // all watches (feed + organic)
  double mean_completion = 0;              // true min(1, fraction) over feed clicks
  double finish_rate = 0, like_rate = 0;   // per feed click
  double distinct_topics_per_page = 0;     // diversity: distinct sub-genres per slate
  double watch_seconds_per_impression = 0; // true feed watch time / shown impressions
  double mean_clickbait = 0;               // (truth) mean click-bait b of the shown impressions
  double clickbait_share = 0;              // share of shown impressions with b above the catalog's
                                           // 80th percentile (World::high_clickbait_threshold)
  std::uint64_t event_stream_hash = 0;     // of the served days
};

// Throws config::ConfigError when the served days do not fit in the world's window.
OnlineMetrics simulate_online(const World& world, const SlatePolicy& policy, const OnlineOptions& options,
                              EventSink* sink = nullptr);

}  // namespace simrec::sim
