#include "sim/world/world.hpp"

#include <algorithm>

namespace simrec::sim {

namespace {
const VideoWorldConfig& validated(const VideoWorldConfig& c) {
  c.validate();
  return c;
}
}  // namespace

World::World(const VideoWorldConfig& config, std::uint64_t seed)
    : config_(validated(config)),
      seed_(seed),
      config_hash_(config_.hash()),
      catalog_(generate_catalog(config_, seed)),
      attention_(catalog_, config_),
      users_(std::make_unique<UserFactory>(config_, catalog_, seed)),
      behaviour_(std::make_unique<BehaviourModel>(config_, catalog_)) {
  keys_.user_day = random::stream_key(seed, "events/user_day");
  keys_.session = random::stream_key(seed, "events/session");
  keys_.step = random::stream_key(seed, "events/step");
  keys_.page = random::stream_key(seed, "events/page");
  keys_.item = random::stream_key(seed, "events/item");
  keys_.policy = random::stream_key(seed, "policy/page");
  std::vector<float> bait = catalog_.video_clickbait;
  if (!bait.empty()) {
    const auto k = bait.begin() + std::ptrdiff_t(std::size_t(0.8 * double(bait.size() - 1)));
    std::nth_element(bait.begin(), k, bait.end());
    high_clickbait_threshold_ = *k;
  }
}

HistoryFeatures World::history_features(const UserState& s, VideoId v, double t) const {
  HistoryFeatures h;
  const VideoHot& vh = catalog_.hot(v);
  h.channel_watches = s.channel_watches.get(vh.channel);
  h.video_impressions = s.video_impressions.get(v);
  const double last = s.topic_last_watch_seconds.get(vh.subgenre, -1e300);
  h.hours_since_topic_watch = last > -1e299 ? float((t - last) / kSecondsPerHour) : -1.0f;
  return h;
}

}  // namespace simrec::sim
