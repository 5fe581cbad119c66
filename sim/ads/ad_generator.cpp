#include "sim/ads/ad_generator.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/random/distributions.hpp"
#include "sim/world/events.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim::ads {

using random::Rng;


void generate_user_ad_events(const AdWorld& world, UserId user_id, std::vector<AdEvent>& out) {
  out.clear();
  const AdWorldConfig& cfg = world.config();
  const ScenarioTable& scenarios = world.scenarios();
  const UserProfile user = world.user(user_id);
  std::vector<double> cumulative;
  world.serving_category_cumulative(user, cumulative);
  const double rate = cfg.requests_per_user_day * world.user_activity(user_id);
  const random::Key day_key = random::stream_key(world.seed(), "ads/user_day");
  const random::Key request_key = random::stream_key(world.seed(), "ads/request");
  const std::uint32_t days = world.num_days();
  std::uint64_t request = 0;
  for (std::uint32_t day = 0; day < days; ++day) {
    Rng day_rng(day_key, std::uint64_t(user_id) * days + day);
    const std::uint64_t n = random::poisson(day_rng, rate);
    for (std::uint64_t i = 0; i < n; ++i, ++request) {
      Rng rng(request_key, (std::uint64_t(user_id) << 32) + request);
      const ScenarioId s = scenarios.traffic_table().sample(rng);
      const ScenarioContext ctx = scenarios.context(s);
      const double hour = scenarios.slot_hours() * (ctx.slot + rng.uniform());
      const double time = day * kSecondsPerDay + hour * kSecondsPerHour;
      const AdId ad = world.serve_ad(cumulative, rng);
      const std::uint32_t position = ctx.format == AdFormat::Feed ? 1 + std::uint32_t(rng.below(std::uint64_t(cfg.feed_positions))) : 1;
      const double p = world.true_click_probability(user, ad, s, time, position);
      const bool click = random::bernoulli(rng, p);
      if (time < user.join_seconds) continue;
      AdEvent e;
      e.time_seconds = time;
      e.user_id = user_id;
      e.ad_id = ad;
      e.scenario_id = s;
      e.region = user.demo.region;
      e.age_bucket = user.demo.age_bucket;
      e.gender = user.demo.gender;
      e.device = user.demo.device;
      e.logged_in = user.demo.logged_in;
      e.hour_of_day = std::uint8_t(std::min(23.0, std::floor(hour)));
      e.position = std::uint8_t(position);
      e.click = click ? 1 : 0;
      e.reserved = 0;
      out.push_back(e);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const AdEvent& a, const AdEvent& b) { return a.time_seconds < b.time_seconds; });
}

AdGenerationSummary generate_ad_events(const AdWorld& world, AdEventSink* sink, const AdGenerationOptions& opt) {
  AdGenerationSummary sum;
  const std::uint32_t total_users = world.num_users();
  const std::uint32_t first = std::min(opt.first_user, total_users);
  const std::uint32_t count = opt.num_users == 0 ? total_users - first : std::min(opt.num_users, total_users - first);
  const std::uint32_t chunk = std::max<std::uint32_t>(1, opt.chunk_users);
  const int threads = opt.num_threads > 0 ? opt.num_threads : omp_get_max_threads();
  const std::size_t slots = std::min(chunk, std::max<std::uint32_t>(count, 1));
  std::vector<std::vector<AdEvent>> buffers(slots);
  std::vector<std::uint64_t> user_hash(slots);
  for (std::uint32_t c0 = 0; c0 < count; c0 += chunk) {
    const std::uint32_t n = std::min(chunk, count - c0);
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
    for (std::int64_t i = 0; i < std::int64_t(n); ++i) {
      auto& buf = buffers[std::size_t(i)];
      generate_user_ad_events(world, first + c0 + std::uint32_t(i), buf);
      std::uint64_t h = 0;
      for (const AdEvent& e : buf) h = random::mix64(h ^ ad_event_hash(e));
      user_hash[std::size_t(i)] = h;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const UserId uid = first + c0 + i;
      const auto& buf = buffers[i];
      sum.event_stream_hash = combine_user_hash(sum.event_stream_hash, uid, user_hash[i], buf.size());
      sum.num_impressions += buf.size();
      for (const AdEvent& e : buf) sum.num_clicks += e.click;
      if (sink) sink->consume(uid, buf);
    }
  }
  sum.num_users = count;
  return sum;
}

}  // namespace simrec::sim::ads
