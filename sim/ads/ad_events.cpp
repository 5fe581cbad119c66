#include "sim/ads/ad_events.hpp"

#include <bit>

#include "sim/random/philox.hpp"

namespace simrec::sim::ads {

std::uint64_t ad_event_hash(const AdEvent& e) {
  std::uint64_t h = 0x13198A2E03707344ull;
  const auto add = [&h](std::uint64_t x) { h = random::mix64(h ^ x); };
  add(std::bit_cast<std::uint64_t>(e.time_seconds));
  add((std::uint64_t(e.user_id) << 32) | e.ad_id);
  add((std::uint64_t(e.scenario_id) << 32) | (std::uint64_t(e.region) << 16) | e.age_bucket);
  add(std::uint64_t(e.gender) | std::uint64_t(e.device) << 8 | std::uint64_t(e.logged_in) << 16 |
      std::uint64_t(e.hour_of_day) << 24 | std::uint64_t(e.position) << 32 | std::uint64_t(e.click) << 40);
  return h;
}

}  // namespace simrec::sim::ads
