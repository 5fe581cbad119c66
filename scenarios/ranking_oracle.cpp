#include "scenarios/ranking_oracle.hpp"

namespace simrec::scenarios {

std::vector<float> oracle_scores(const sim::World& world, const datasets::RankingSamples& rows, OracleScore kind) {
  std::vector<float> out(rows.size());
  const sim::BehaviourModel& model = world.behaviour();
#pragma omp parallel
  {
    sim::UserProfile user;
    std::uint32_t loaded = sim::kNone;
#pragma omp for schedule(static)
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows.user_id[r] != loaded) {
        world.user(rows.user_id[r], user);
        loaded = rows.user_id[r];
      }
      sim::HistoryFeatures h;
      h.channel_watches = std::uint32_t(rows.continuous_at(r, 2));
      const float hours = rows.continuous_at(r, 3);
      h.hours_since_topic_watch = hours >= datasets::kNeverHours ? -1.0f : hours;
      h.video_impressions = std::uint32_t(rows.continuous_at(r, 4));
      const double click = model.click_probability(user, rows.video_raw[r], rows.time_seconds[r], h, 1);
      out[r] = float(kind == OracleScore::Click ? click : click * model.expected_watch(user, rows.video_raw[r], h).watch_seconds);
    }
  }
  return out;
}

}  // namespace simrec::scenarios
