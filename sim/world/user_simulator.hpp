#pragma once
// UserSimulator: one user's days in the world, step by step (SPEC §3, organic watches, searches,
// impressions). One instance per thread; simulate() resets it for each user, so a user's events
// depend only on (seed, user id, schedule) -- never on which thread ran it or what ran before.
//
// Day d: sessions ~ Poisson(sessions_per_day[g]) starting uniformly in the day (New users: after
// joining), a session starting when the previous one has not ended waits for it. A session has
// 1 + Geometric steps (mean steps_per_session[g]); each step is a feed page with probability
// feed_page_prob, else an organic step:
//   series   with probability series_continue_prob[g] x min(1, completion of the last watch),
//            the next episode of the last watched video (when it exists and is uploaded);
//   search   with probability search_prob[g]: the user picks a target by the browse choice, types
//            1..query_max_tokens words of the target's topic (+ maybe its channel word), and
//            chooses among the distinct uploaded videos of search_results draws from that topic
//            (by attention; the target added with probability search_target_found_prob) by
//            U = beta <u*, v*> + title_match_weight x (query words in the title) + quality term
//            - rewatch penalty: so the next watch follows the query's topic;
//   browse   a multinomial-logit choice over the catalogue,
//              P(v) ~ exp(U(v)),  U = a[g] log attention(v, t) + beta[g] <u*, v*>
//                                     + kappa (1 - 2m) M_genre(v) + b <v*, v*_last>
//                                     + choice_quality_weight q - rewatch_penalty [watched v],
//            computed over a sampled candidate pool (browse_pool_size candidates; a share
//            browse_popular_share drawn by attention, the rest by attention within a genre drawn
//            from the user's interest pi_u(g) ~ W_g exp(beta <u*, c_g> + kappa (1 - 2m) M_g)) with
//            the exact proposal probability q(v) subtracted (log-Q correction, i.e. sampling-
//            importance-resampling), so the choice approximates the catalogue-wide logit.
//            m = 1 - exp(-experience / drift_watches) is the user's progress from mainstream
//            (M_g > 0) to niche (M_g < 0) genres: the drift that makes co-watch asymmetric.
// A feed page asks the serving policy for a slate and simulates clicks and watches with the
// behaviour model (serve_slate); clicked videos are watched in slate order.

#include <cstdint>
#include <span>
#include <vector>

#include "sim/random/philox.hpp"
#include "sim/random/zipf.hpp"
#include "sim/world/events.hpp"
#include "sim/world/slate_policy.hpp"
#include "sim/world/world.hpp"

namespace simrec::sim {

// Which policy serves feed pages on which days, and which days are recorded.
struct PolicySchedule {
  const SlatePolicy* logging = nullptr;           // required
  const SlatePolicy* serving = nullptr;           // replaces `logging` from serving_from_day on
  std::uint32_t serving_from_day = kNone;
  std::uint32_t record_from_day = 0;              // earlier days build up state but emit nothing
  std::uint32_t day_end = 0;                      // simulate days [0, day_end)
};

// True outcomes of the recorded days of one user (summed over users by the online simulation).
// shown_clickbait sums the (truth) click-bait of the shown impressions; shown_high_clickbait counts
// those above World::high_clickbait_threshold().
struct UserOutcomeTotals {
  std::uint64_t pages = 0, impressions = 0, clicks = 0, feed_finishes = 0, feed_likes = 0, watches = 0;
  std::uint64_t shown_high_clickbait = 0;
  double feed_watch_seconds = 0, feed_completion = 0, watch_seconds = 0, slate_distinct_topics = 0;
  double shown_clickbait = 0;
  void add(const UserOutcomeTotals& o);
};

class UserSimulator {
 public:
  explicit UserSimulator(const World& world);

  // Simulates user `id` under `schedule`, appending the recorded events to `out` (time order).
  void simulate(UserId id, const PolicySchedule& schedule, std::vector<Event>& out, UserOutcomeTotals* totals = nullptr);
  // The same, one day at a time (the generator runs a chunk of users day by day so that only one
  // day's attention tables are hot in cache): begin, simulate_day(0 .. day_end - 1) in order, end.
  void begin(UserId id, const PolicySchedule& schedule, std::vector<Event>* out, UserOutcomeTotals* totals);
  void simulate_day(std::uint32_t day);
  void end();

  // The primitive behind feed pages, public for harnesses that drive pages themselves: shows
  // `slate` at time t (advanced past the page and its watches) and simulates clicks and watches
  // with the behaviour model; `page` indexes the outcome streams. Call after begin_user().
  void serve_slate(double& t, std::uint32_t page, std::span<const SlateItem> slate, bool record, std::vector<Event>* out,
                   UserOutcomeTotals* totals);
  void begin_user(UserId id);

  const UserProfile& profile() const { return profile_; }
  const UserState& state() const { return state_; }
  const ObservedUser& observed() const { return observed_; }

 private:
  void run_session(double t, const PolicySchedule& schedule);
  void begin_session(std::uint32_t day);
  double genre_mix(std::uint32_t k, double f_gen) const;
  void fill_genre_offsets(double f_gen, std::vector<double>& out) const;
  double intent_offsets(double f_int, std::uint32_t intent);
  void organic_step(double& t);
  void feed_page(double& t, const PolicySchedule& schedule);
  VideoId browse_choice(double t, random::Rng& rng);
  void search(double& t, random::Rng& rng);
  void watch(VideoId v, WatchSource source, double& t, random::Rng& rng);
  void apply_watch(VideoId v, WatchSource source, const WatchOutcome& o, const HistoryFeatures& h, double t,
                   std::uint32_t page, bool record);
  bool recording(double t) const { return t >= record_from_seconds_; }

  const World& w_;
  const VideoWorldConfig& cfg_;
  const Catalog& cat_;
  random::ZipfSampler topic_zipf_;
  UserProfile profile_;
  ObservedUser observed_;
  UserState state_;
  const PolicySchedule* schedule_ = nullptr;
  std::vector<Event>* out_ = nullptr;
  UserOutcomeTotals* totals_ = nullptr;
  double record_from_seconds_ = 0, window_end_seconds_ = 0;
  // Session context: day of the proposal tables, drift m, interest pi_u(g) (and its CDF).
  std::uint32_t session_day_ = 0;
  double drift_m_ = 0;
  std::vector<double> interest_, interest_cdf_;
  // Per genre: kappa (1 - 2m) M_g - log(mixture proposal weight of the genre), see browse_choice.
  std::vector<double> genre_offset_;
  std::vector<double> intent_genre_offset_;  // intent_offsets, once per session
  bool intent_offsets_ready_ = false;
  std::size_t browse_popular_count_ = 0;
  // Scratch.
  std::vector<AttentionTables::PendingDraw> pending_draws_;
  std::vector<VideoId> draws_, pool_;
  std::vector<double> logits_, starts_;
  std::vector<SlateItem> slate_;
  struct PendingWatch {
    VideoId video;
    WatchOutcome outcome;
    HistoryFeatures history;
  };
  std::vector<PendingWatch> pending_;
};

}  // namespace simrec::sim
