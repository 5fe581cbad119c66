#pragma once
// RankingSamples: one row per logged impression (SPEC §4, §6 ranking and multi-task), columnar.
//   query features       user_id, demographics, user_group, last watched ids before the page
//                        (recent_watches, CSR by recent_offsets, vocab indices)
//   impression features  video (vocab) / video_raw, channel (vocab), genre, position, and the
//                        continuous features in `continuous` (rows x kNumContinuous, raw values):
//                        duration_seconds, video_age_hours, channel_watches, hours_since_topic_watch
//                        (never watched -> kNeverHours), video_impressions, user_watches
//                        (the user's watches in the window so far); `continuous_quantile` holds
//                        the same after the training-fitted quantile normaliser (x~ in [0, 1))
//   labels               click, watch_seconds, completion_ratio, finish, skip, like, share
//   weight               the weighted-LR weight: watch_seconds for clicks, 1 otherwise
//   propensity           the logging policy's probability of this item at this position
//   page_key             (user_id << 32) | page index: impressions of one page share it

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace simrec::datasets {

inline constexpr std::size_t kNumContinuous = 6;
inline constexpr std::array<const char*, kNumContinuous> kContinuousNames = {
    "duration_seconds", "video_age_hours", "channel_watches", "hours_since_topic_watch", "video_impressions", "user_watches"};
inline constexpr float kNeverHours = 10000.0f;

struct RankingSamples {
  std::vector<std::uint32_t> user_id, video, video_raw, channel;
  std::vector<std::uint16_t> genre, region;
  std::vector<std::uint8_t> position, user_group, age_bucket, gender, device, logged_in;
  std::vector<std::uint64_t> page_key;
  std::vector<double> time_seconds;
  std::vector<float> continuous, continuous_quantile;  // rows x kNumContinuous
  std::vector<std::uint8_t> click, finish, skip, like, share;
  std::vector<float> watch_seconds, completion_ratio, weight, propensity;
  std::vector<std::uint64_t> recent_offsets{0};
  std::vector<std::uint32_t> recent_watches;

  std::size_t size() const { return video.size(); }
  float continuous_at(std::size_t r, std::size_t f) const { return continuous[r * kNumContinuous + f]; }
  std::span<const std::uint32_t> recent_of(std::size_t r) const {
    return {recent_watches.data() + recent_offsets[r], recent_watches.data() + recent_offsets[r + 1]};
  }

  template <class F>
  void visit_columns(F&& f) {
    f("user_id", user_id);
    f("video", video);
    f("video_raw", video_raw);
    f("channel", channel);
    f("genre", genre);
    f("region", region);
    f("position", position);
    f("user_group", user_group);
    f("age_bucket", age_bucket);
    f("gender", gender);
    f("device", device);
    f("logged_in", logged_in);
    f("page_key", page_key);
    f("time_seconds", time_seconds);
    f("continuous", continuous);
    f("continuous_quantile", continuous_quantile);
    f("click", click);
    f("finish", finish);
    f("skip", skip);
    f("like", like);
    f("share", share);
    f("watch_seconds", watch_seconds);
    f("completion_ratio", completion_ratio);
    f("weight", weight);
    f("propensity", propensity);
    f("recent_offsets", recent_offsets);
    f("recent_watches", recent_watches);
  }
};

}  // namespace simrec::datasets
