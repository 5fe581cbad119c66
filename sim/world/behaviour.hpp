#pragma once
// The behaviour model: how a user responds to a video once it is in front of them (SPEC §3). These
// functions are the hidden truth; the generator draws labels from them and the harness may call
// them as oracles (true click probability, expected watch time) for online evaluation. g is the
// user's activity group, q quality, b click-bait, th thumbnail appeal, all in (0, 1).
//
// Drivers (the task-correlation knob rho = task_correlation):
//   D_click = <u*, v*>                                     (space A, also drives organic choice)
//   D_B     = <u*_B, v*_B>                                 (space B, independent of space A)
//   D_sat   = rho D_click + sqrt(1 - rho^2) D_B            (completion, watch time, like, share)
// Both spaces are built the same way, so corr(D_click, D_sat) = rho over (user, video) pairs.
//
// Click (position-based model): P(click at position k) = k^-eta x sigmoid(z_click),
//   z_click = c0[g] + c_aff[g] D_click + c_bait b + c_th th + c_pop[g] log(att(v,t) / mean base)
//             + c_fresh log(1 + viral exp(-age/tau)) - c_fatigue (earlier impressions of v)
//             + c_chan log(1 + earlier watches of v's channel)
// Watch, given a click or an organic choice: latent z = mu + sigma eps, eps ~ N(0, 1),
//   mu = w0[g] + w_sat[g] D_sat + w_q (q - 1/2) - w_bait b - w_dur log(duration / 60 s)
//        + w_chan sqrt(earlier watches of the channel)
//   z >= theta (finish_threshold): finished, fraction 1; with probability replay_prob a replay adds
//                                  U(0, replay_max_fraction)  (fraction > 1)
//   z <  theta:                    fraction = sigmoid(z) / sigmoid(theta) in (0, 1)
//   watch_seconds = fraction x duration: long videos lower the fraction (completion) but raise the
//   seconds (watch time) -- the completion / watch-time conflict. sqrt(channel watches) is the
//   sub-linear history dependence the ranker's x~^2 / sqrt(x~) inputs can exploit.
// Labels: completion = min(watch / duration, completion_cap); finish = watch >= duration;
//   skip = watch < skip_seconds; like ~ sigmoid(l0 + l_sat D_sat + l_q (q - 1/2) + l_fin finish);
//   share ~ sigmoid(s0 + s_sat D_sat + s_q (q - 1/2)).
// Abnormal logs: with probability abnormal_watch_prob the recorded watch time is
//   duration x U(abnormal_min_ratio, abnormal_max_ratio) (player left running); labels follow the
//   recorded value, the user's real time and satisfaction do not.

#include <cstdint>

#include "sim/random/philox.hpp"
#include "sim/world/catalog.hpp"
#include "sim/world/config.hpp"
#include "sim/world/events.hpp"
#include "sim/world/user_state.hpp"
#include "sim/world/users.hpp"

namespace simrec::sim {

struct WatchOutcome {
  float watch_seconds = 0;       // recorded (abnormal logs included)
  float true_watch_seconds = 0;  // what the user actually watched
  float completion_ratio = 0;    // recorded, capped
  float true_fraction = 0;
  std::uint8_t flags = 0;        // kFlagFinish | kFlagSkip | kFlagLike | kFlagShare | kFlagAbnormal
};

// Expectations over the watch noise (exact up to quadrature), without abnormal logs.
struct WatchExpectation {
  double watch_seconds = 0, fraction = 0, completion_ratio = 0, finish_prob = 0, skip_prob = 0, like_prob = 0,
         share_prob = 0;
};

class BehaviourModel {
 public:
  BehaviourModel(const VideoWorldConfig& config, const Catalog& catalog);

  double click_driver(const UserProfile& u, VideoId v) const;
  double independent_driver(const UserProfile& u, VideoId v) const;
  double satisfaction_driver(const UserProfile& u, VideoId v) const;

  double examination_probability(int position) const;
  double click_logit(const UserProfile& u, VideoId v, double time_seconds, const HistoryFeatures& h) const;
  double click_probability(const UserProfile& u, VideoId v, double time_seconds, const HistoryFeatures& h, int position) const;

  double watch_latent_mean(const UserProfile& u, VideoId v, const HistoryFeatures& h) const;
  WatchOutcome draw_watch(const UserProfile& u, VideoId v, const HistoryFeatures& h, random::Rng& rng) const;
  WatchExpectation expected_watch(const UserProfile& u, VideoId v, const HistoryFeatures& h) const;

 private:
  const VideoWorldConfig* cfg_;
  const Catalog* cat_;
  double rho_, rho_complement_, tau_seconds_, log_mean_base_;
  double position_bias_[256];
  double log1p_count_[256];
};

}  // namespace simrec::sim
