#pragma once
// Small shared vocabulary of the video world: ids, activity groups, event kinds, time units.
// Time is measured in seconds since the start of day 0 of the simulated window (double);
// day_index(t) = floor(t / 86400). Back-catalogue uploads have negative times.

#include <cmath>
#include <cstdint>
#include <limits>

namespace simrec::sim {

using VideoId = std::uint32_t;
using UserId = std::uint32_t;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kSecondsPerHour = 3600.0;

inline std::int64_t day_index(double time_seconds) { return std::int64_t(std::floor(time_seconds / kSecondsPerDay)); }

// Activity level of a user (SPEC §3): drives sessions per day and the behaviour coefficients.
// New users joined during the window; Low and High users existed before it.
enum class ActivityGroup : std::uint8_t { New = 0, Low = 1, High = 2 };
inline constexpr int kNumActivityGroups = 3;
inline constexpr const char* activity_group_name(ActivityGroup g) {
  return g == ActivityGroup::New ? "new" : g == ActivityGroup::Low ? "low" : "high";
}

inline constexpr int kNumAgeBuckets = 6;  // 13-17, 18-24, 25-34, 35-44, 45-54, 55+
inline constexpr int kNumGenders = 2;
inline constexpr int kNumDevices = 4;     // android, ios, desktop, tv
inline constexpr int kMaxTitleTokens = 8;
inline constexpr int kMaxQueryTokens = 4;

}  // namespace simrec::sim
