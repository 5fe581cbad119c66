#include "sim/world/behaviour.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random/distributions.hpp"
#include "sim/world/attention.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim {

using random::sigmoid;

BehaviourModel::BehaviourModel(const VideoWorldConfig& cfg, const Catalog& cat)
    : cfg_(&cfg),
      cat_(&cat),
      rho_(cfg.task_correlation),
      rho_complement_(std::sqrt(std::max(0.0, 1.0 - cfg.task_correlation * cfg.task_correlation))),
      tau_seconds_(cfg.attention_tau_days * kSecondsPerDay) {
  double sum = 0;
  for (double b : cat.video_base_popularity) sum += b;
  log_mean_base_ = std::log(sum / double(std::max<std::size_t>(1, cat.video_base_popularity.size())));
  for (int k = 0; k < 256; ++k) {
    position_bias_[k] = std::pow(double(std::max(1, k)), -cfg.position_bias_exponent);
    log1p_count_[k] = std::log1p(double(k));
  }
}

double BehaviourModel::click_driver(const UserProfile& u, VideoId v) const {
  return dot(u.taste_a.data(), cat_->latent_a(v), cat_->latent_dim);
}
double BehaviourModel::independent_driver(const UserProfile& u, VideoId v) const {
  return dot(u.taste_b.data(), cat_->latent_b(v), cat_->latent_dim);
}
double BehaviourModel::satisfaction_driver(const UserProfile& u, VideoId v) const {
  return rho_ * click_driver(u, v) + rho_complement_ * independent_driver(u, v);
}

double BehaviourModel::examination_probability(int position) const {
  return position < 256 ? position_bias_[std::max(0, position)] : std::pow(double(position), -cfg_->position_bias_exponent);
}

double BehaviourModel::click_logit(const UserProfile& u, VideoId v, double t, const HistoryFeatures& h) const {
  const VideoWorldConfig& c = *cfg_;
  const int g = int(u.group);
  // log attention = log base + log(1 + viral exp(-age / tau)); -20 (clamped) before the upload.
  const double fresh = log_freshness(*cat_, tau_seconds_, v, t);
  const VideoHot& vh = cat_->hot(v);
  const double log_rel_att = t >= vh.upload_seconds ? std::clamp(vh.log_base_popularity + fresh - log_mean_base_, -20.0, 20.0) : -20.0;
  const double log1p_channel = h.channel_watches < 256 ? log1p_count_[h.channel_watches] : std::log1p(double(h.channel_watches));
  return c.click_intercept[g] + c.click_affinity_weight[g] * click_driver(u, v) +
         c.clickbait_click_weight * vh.clickbait + c.thumbnail_click_weight * vh.thumbnail +
         c.click_popularity_weight[g] * log_rel_att + c.freshness_click_weight * fresh -
         c.impression_fatigue_weight * double(h.video_impressions) + c.channel_click_weight * log1p_channel;
}

double BehaviourModel::click_probability(const UserProfile& u, VideoId v, double t, const HistoryFeatures& h, int position) const {
  if (!is_uploaded(*cat_, v, t)) return 0.0;  // not uploaded yet
  return examination_probability(position) * sigmoid(click_logit(u, v, t, h));
}

double BehaviourModel::watch_latent_mean(const UserProfile& u, VideoId v, const HistoryFeatures& h) const {
  const VideoWorldConfig& c = *cfg_;
  const int g = int(u.group);
  const VideoHot& vh = cat_->hot(v);
  return c.watch_intercept[g] + c.watch_satisfaction_weight[g] * satisfaction_driver(u, v) +
         c.watch_quality_weight * (vh.quality - 0.5) - c.clickbait_watch_penalty * vh.clickbait -
         c.watch_duration_weight * std::log(vh.duration_seconds / 60.0) +
         c.channel_history_watch_weight * std::sqrt(double(h.channel_watches));
}

WatchOutcome BehaviourModel::draw_watch(const UserProfile& u, VideoId v, const HistoryFeatures& h, random::Rng& rng) const {
  const VideoWorldConfig& c = *cfg_;
  // Fixed draw order: eps, replay coin, replay size, abnormal coin, abnormal ratio, like, share.
  const double eps = random::standard_normal(rng);
  const double replay_u = rng.uniform(), replay_size_u = rng.uniform();
  const double abnormal_u = rng.uniform(), abnormal_ratio_u = rng.uniform();
  const double like_u = rng.uniform(), share_u = rng.uniform();

  const double z = watch_latent_mean(u, v, h) + c.watch_noise_sigma * eps;
  const bool finished = z >= c.finish_threshold;
  double fraction = finished ? 1.0 : sigmoid(z) / sigmoid(c.finish_threshold);
  if (finished && replay_u < c.replay_prob) fraction += replay_size_u * c.replay_max_fraction;
  const double duration = cat_->hot(v).duration_seconds;

  WatchOutcome out;
  out.true_fraction = float(fraction);
  out.true_watch_seconds = float(fraction * duration);
  double recorded = fraction * duration;
  if (abnormal_u < c.abnormal_watch_prob) {
    recorded = duration * (c.abnormal_min_ratio + abnormal_ratio_u * (c.abnormal_max_ratio - c.abnormal_min_ratio));
    out.flags |= kFlagAbnormal;
  }
  out.watch_seconds = float(recorded);
  out.completion_ratio = float(std::min(recorded / duration, c.completion_cap));
  if (recorded >= duration) out.flags |= kFlagFinish;
  if (recorded < c.skip_seconds) out.flags |= kFlagSkip;
  const double sat = satisfaction_driver(u, v), q = cat_->hot(v).quality - 0.5;
  if (like_u < sigmoid(c.like_intercept + c.like_satisfaction_weight * sat + c.like_quality_weight * q +
                       (finished ? c.like_finish_weight : 0.0)))
    out.flags |= kFlagLike;
  if (share_u < sigmoid(c.share_intercept + c.share_satisfaction_weight * sat + c.share_quality_weight * q))
    out.flags |= kFlagShare;
  return out;
}

WatchExpectation BehaviourModel::expected_watch(const UserProfile& u, VideoId v, const HistoryFeatures& h) const {
  const VideoWorldConfig& c = *cfg_;
  const double mu = watch_latent_mean(u, v, h), sigma = c.watch_noise_sigma, theta = c.finish_threshold;
  const double duration = cat_->video_duration_seconds[v];
  const double s_theta = sigmoid(theta);
  WatchExpectation e;
  e.finish_prob = 1.0 - random::normal_cdf((theta - mu) / sigma);
  // Unfinished part: Simpson's rule over eps in [-8, min(8, (theta - mu) / sigma)].
  const double hi = std::min(8.0, (theta - mu) / sigma);
  double frac_part = 0, comp_part = 0, skip_part = 0;
  if (hi > -8.0) {
    const int n = 400;  // even
    const double step = (hi + 8.0) / n;
    for (int i = 0; i <= n; ++i) {
      const double eps = -8.0 + i * step;
      const double w = (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0)) * step / 3.0 * std::exp(-0.5 * eps * eps) / std::sqrt(2.0 * M_PI);
      const double f = sigmoid(mu + sigma * eps) / s_theta;
      frac_part += w * f;
      comp_part += w * std::min(f, c.completion_cap);
      skip_part += w * (f * duration < c.skip_seconds ? 1.0 : 0.0);
    }
  }
  // Finished part: fraction 1, or 1 + U(0, r) after a replay.
  const double r = c.replay_max_fraction, p_rep = c.replay_prob;
  const double fin_frac = 1.0 + p_rep * r / 2.0;
  double fin_comp = 1.0, fin_skip = duration < c.skip_seconds ? 1.0 : 0.0;
  if (r > 0) {
    // E[min(1 + U r, cap)] and P((1 + U r) duration < skip) for the replay branch.
    const double cap_u = std::clamp((c.completion_cap - 1.0) / r, 0.0, 1.0);
    const double replay_comp = cap_u * (1.0 + cap_u * r / 2.0) + (1.0 - cap_u) * c.completion_cap;
    const double skip_u = std::clamp((c.skip_seconds / duration - 1.0) / r, 0.0, 1.0);
    fin_comp = (1.0 - p_rep) * std::min(1.0, c.completion_cap) + p_rep * std::min(replay_comp, c.completion_cap);
    fin_skip = (1.0 - p_rep) * fin_skip + p_rep * skip_u;
  }
  e.fraction = frac_part + e.finish_prob * fin_frac;
  e.watch_seconds = e.fraction * duration;
  e.completion_ratio = comp_part + e.finish_prob * fin_comp;
  e.skip_prob = skip_part + e.finish_prob * fin_skip;
  const double sat = satisfaction_driver(u, v), q = cat_->video_quality[v] - 0.5;
  const double like_base = c.like_intercept + c.like_satisfaction_weight * sat + c.like_quality_weight * q;
  e.like_prob = e.finish_prob * sigmoid(like_base + c.like_finish_weight) + (1.0 - e.finish_prob) * sigmoid(like_base);
  e.share_prob = sigmoid(c.share_intercept + c.share_satisfaction_weight * sat + c.share_quality_weight * q);
  return e;
}

}  // namespace simrec::sim
