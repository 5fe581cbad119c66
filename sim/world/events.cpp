#include "sim/world/events.hpp"

#include <bit>

#include "sim/random/philox.hpp"

namespace simrec::sim {

namespace {
struct Hasher {
  std::uint64_t h = 0x243F6A8885A308D3ull;
  void add(std::uint64_t x) { h = random::mix64(h ^ x); }
};
}  // namespace

std::uint64_t event_hash(const Event& e) {
  Hasher s;
  s.add(std::bit_cast<std::uint64_t>(e.time_seconds));
  s.add((std::uint64_t(e.user_id) << 32) | e.video_id);
  s.add((std::uint64_t(e.session_index) << 32) | e.page_index);
  s.add(std::uint64_t(e.kind) | std::uint64_t(e.source) << 8 | std::uint64_t(e.position) << 16 |
        std::uint64_t(e.flags) << 24 | std::uint64_t(e.num_tokens) << 32);
  s.add((std::uint64_t(std::bit_cast<std::uint32_t>(e.watch_seconds)) << 32) | std::bit_cast<std::uint32_t>(e.completion_ratio));
  s.add((std::uint64_t(std::bit_cast<std::uint32_t>(e.propensity)) << 32) | std::bit_cast<std::uint32_t>(e.hours_since_topic_watch));
  s.add((std::uint64_t(e.channel_watches) << 32) | e.video_impressions);
  for (int i = 0; i < kMaxQueryTokens; ++i) s.add(e.tokens[i]);
  s.add(e.truth_topic);
  return s.h;
}

std::uint64_t combine_user_hash(std::uint64_t stream_hash, UserId user, std::uint64_t user_hash, std::uint64_t num_events) {
  return random::mix64(stream_hash ^ random::mix64(user) ^ user_hash ^ num_events);
}

}  // namespace simrec::sim
