#pragma once
// The evolving, observable state of one user during simulation: the watch and search log so far
// and the counters behind the history features of the click and watch models (past watches of a
// channel, time since the last watch of a topic, earlier impressions of a video). The generator
// keeps one UserState per thread and resets it per user; the online simulation and the slate
// policies read it as the user's observable history (never the hidden profile).

#include <array>
#include <cstdint>
#include <vector>

#include "sim/world/flat_map.hpp"
#include "sim/world/types.hpp"

namespace simrec::sim {

struct WatchRecord {
  double time_seconds;
  VideoId video;
  float watch_seconds;
};

struct SearchRecord {
  double time_seconds;
  std::array<std::uint32_t, kMaxQueryTokens> tokens;
  std::uint8_t num_tokens;
};

// Observable history features of a (user, video) pair at a moment, as recorded in events and used
// by the click / watch equations.
struct HistoryFeatures {
  std::uint32_t channel_watches = 0;      // earlier watches of the video's channel
  std::uint32_t video_impressions = 0;    // earlier impressions of this video
  float hours_since_topic_watch = -1.0f;  // since the last watch of the video's sub-genre; -1: never
};

struct UserState {
  std::vector<WatchRecord> watches;
  std::vector<SearchRecord> searches;
  FlatMap<std::uint32_t> channel_watches, video_watches, video_impressions;
  FlatMap<double> topic_last_watch_seconds;
  double experience_watches = 0;  // prior + window watches (drives the mainstream -> niche drift)
  double busy_until_seconds = -1e300;
  VideoId last_video = kNone;
  float last_completion = 0;
  std::uint32_t intent_topic = kNone;  // sub-genre of the last search (kNone: no search yet)
  double intent_seconds = 0;           // when that search happened
  std::uint32_t page_counter = 0, step_counter = 0, session_counter = 0;

  void reset(double prior_watches) {
    watches.clear();
    searches.clear();
    channel_watches.clear();
    video_watches.clear();
    video_impressions.clear();
    topic_last_watch_seconds.clear();
    experience_watches = prior_watches;
    busy_until_seconds = -1e300;
    last_video = kNone;
    last_completion = 0;
    intent_topic = kNone;
    intent_seconds = 0;
    page_counter = step_counter = session_counter = 0;
  }
  std::size_t memory_bytes() const {
    return watches.capacity() * sizeof(WatchRecord) + searches.capacity() * sizeof(SearchRecord) +
           channel_watches.memory_bytes() + video_watches.memory_bytes() + video_impressions.memory_bytes() +
           topic_last_watch_seconds.memory_bytes();
  }
};

}  // namespace simrec::sim
