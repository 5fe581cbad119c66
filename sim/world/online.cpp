#include "sim/world/online.hpp"

#include <string>

#include "sim/config/knob.hpp"

namespace simrec::sim {

OnlineMetrics simulate_online(const World& world, const SlatePolicy& policy, const OnlineOptions& opt, EventSink* sink) {
  if (opt.num_days < 1 || std::uint64_t(opt.first_day) + opt.num_days > world.num_days())
    throw config::ConfigError("online days [" + std::to_string(opt.first_day) + ", " +
                              std::to_string(std::uint64_t(opt.first_day) + opt.num_days) +
                              ") are out of range: allowed within the world's window [0, sim.num_days = " +
                              std::to_string(world.num_days()) + ")");
  const LoggingPolicy logging(world);
  PolicySchedule schedule;
  schedule.logging = &logging;
  schedule.serving = &policy;
  schedule.serving_from_day = opt.first_day;
  schedule.record_from_day = opt.first_day;
  schedule.day_end = opt.first_day + opt.num_days;
  const GenerationSummary s = run_users(world, schedule, sink, opt.users);
  const UserOutcomeTotals& t = s.totals;
  OnlineMetrics m;
  m.users = s.num_users;
  m.pages = t.pages;
  m.impressions = t.impressions;
  m.clicks = t.clicks;
  m.watches = t.watches;
  const auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
  m.ctr = ratio(double(t.clicks), double(t.impressions));
  m.feed_watch_seconds_per_user = ratio(t.feed_watch_seconds, double(s.num_users));
  m.watch_seconds_per_user = ratio(t.watch_seconds, double(s.num_users));
  m.mean_completion = ratio(t.feed_completion, double(t.clicks));
  m.finish_rate = ratio(double(t.feed_finishes), double(t.clicks));
  m.like_rate = ratio(double(t.feed_likes), double(t.clicks));
  m.distinct_topics_per_page = ratio(t.slate_distinct_topics, double(t.pages));
  m.watch_seconds_per_impression = ratio(t.feed_watch_seconds, double(t.impressions));
  m.mean_clickbait = ratio(t.shown_clickbait, double(t.impressions));
  m.clickbait_share = ratio(double(t.shown_high_clickbait), double(t.impressions));
  m.event_stream_hash = s.event_stream_hash;
  return m;
}

}  // namespace simrec::sim
