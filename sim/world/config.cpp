#include "sim/world/config.hpp"

#include <vector>

namespace simrec::sim {

namespace {

using C = VideoWorldConfig;
constexpr double kMaxCount = 1e9;

#define K(field, lo, hi, help) SIMREC_KNOB(C, field, lo, hi, help)
#define KP(field, lo, hi, help) SIMREC_KNOB_POS(C, field, lo, hi, help)
#define KG(field, lo, hi, help)                                       \
  SIMREC_KNOB_NAMED(C, #field ".new", field[0], lo, hi, help " (New users)"), \
      SIMREC_KNOB_NAMED(C, #field ".low", field[1], lo, hi, help " (Low-activity users)"), \
      SIMREC_KNOB_NAMED(C, #field ".high", field[2], lo, hi, help " (High-activity users)")

const std::vector<WorldKnob>& knob_table() {
  static const std::vector<WorldKnob> table = {
      // scale
      K(num_users, 1, kMaxCount, "number of simulated users"),
      K(num_videos, 1, kMaxCount, "number of videos (back catalogue + uploads during the window)"),
      K(num_days, 1, 3650, "length of the simulated window in days"),
      K(latent_dim, 2, 64, "dimension of the latent taste / content vectors u*, v*"),
      // genres, channels, series
      K(num_genres, 1, 1000, "number of genres"),
      K(subgenres_per_genre, 1, 100, "sub-genres (topics) per genre"),
      K(genre_zipf, 0, 4, "Zipf exponent of genre popularity (share of channels and mainstream appeal)"),
      K(subgenre_zipf, 0, 4, "Zipf exponent of sub-genre shares within a genre"),
      K(subgenre_spread, 0, 10, "latent distance of a sub-genre centroid from its genre centroid"),
      K(num_channels, 1, kMaxCount, "number of channels (creators)"),
      K(channel_size_zipf, 0, 4, "Zipf exponent of the number of videos per channel"),
      K(channel_home_genre_prob, 0, 1, "probability that a channel's video is in the channel's home sub-genre"),
      K(channel_spread, 0, 10, "latent distance of a channel centre from its sub-genre centroid"),
      K(series_mean_length, 1, 1e6, "mean number of episodes in a channel's series (geometric)"),
      // videos
      K(video_spread, 0, 10, "latent distance of a video from its channel centre"),
      K(video_popularity_zipf, 0, 4, "Zipf exponent s of base popularity: base(v) = rank(v)^-s"),
      K(back_catalog_fraction, 0, 1, "fraction of videos uploaded before day 0 (the rest upload during the window)"),
      KP(back_catalog_days, 0, 1e5, "back-catalogue uploads are spread over this many days before day 0"),
      K(viral_median, 0, 1e4, "median viral boost: attention = base x (1 + viral x exp(-age / tau))"),
      K(viral_log_sigma, 0, 5, "log-normal sigma of the viral boost"),
      KP(attention_tau_days, 0, 3650, "decay time tau of the viral boost, in days"),
      K(short_form_prob_min, 0, 1, "lowest per-genre probability of short-form videos"),
      K(short_form_prob_max, 0, 1, "highest per-genre probability of short-form videos"),
      KP(short_duration_median_seconds, 0, 1e6, "median duration of short-form videos (log-normal)"),
      K(short_duration_log_sigma, 0, 5, "log-normal sigma of short-form durations"),
      KP(long_duration_median_seconds, 0, 1e6, "median duration of long-form videos (log-normal)"),
      K(long_duration_log_sigma, 0, 5, "log-normal sigma of long-form durations"),
      KP(quality_mean, 0, 0.999999, "mean of video quality q ~ Beta in (0, 1)"),
      KP(quality_concentration, 0, 1e4, "Beta concentration (a + b) of quality"),
      KP(clickbait_mean, 0, 0.999999, "mean of click-bait b ~ Beta in (0, 1)"),
      KP(clickbait_concentration, 0, 1e4, "Beta concentration (a + b) of click-bait"),
      KP(thumbnail_mean, 0, 0.999999, "mean of thumbnail appeal ~ Beta in (0, 1)"),
      KP(thumbnail_concentration, 0, 1e4, "Beta concentration (a + b) of thumbnail appeal"),
      // tokens
      K(common_tokens, 1, 1e7, "number of generic title words shared by all topics"),
      K(topic_tokens_per_subgenre, 1, 1000, "topic words per sub-genre (query and title vocabulary)"),
      K(genre_tokens, 1, 1000, "words per genre"),
      K(topic_token_zipf, 0, 4, "Zipf exponent of word use within a topic"),
      K(query_max_tokens, 1, kMaxQueryTokens, "largest number of words in a search query"),
      K(query_channel_token_prob, 0, 1, "probability that a query names the target's channel"),
      // users
      K(new_user_fraction, 0, 1, "fraction of users in the New group (joined during the window)"),
      K(high_user_fraction, 0, 1, "fraction of users in the High-activity group (Low = the rest)"),
      KG(sessions_per_day, 0, 1000, "mean sessions per day (Poisson)"),
      KG(steps_per_session, 1, 1e4, "mean steps (feed pages or organic watches) per session"),
      KG(prior_watches, 0, 1e7, "watches before the window (experience for the mainstream->niche drift)"),
      K(num_regions, 1, 1e5, "number of regions"),
      K(region_zipf, 0, 4, "Zipf exponent of region sizes"),
      K(logged_in_prob, 0, 1, "probability that a user is logged in"),
      K(female_prob, 0, 1, "probability of gender = female"),
      SIMREC_KNOB_NAMED(C, "age_weight.13_17", age_weight[0], 0, 1e6, "relative weight of age bucket 13-17"),
      SIMREC_KNOB_NAMED(C, "age_weight.18_24", age_weight[1], 0, 1e6, "relative weight of age bucket 18-24"),
      SIMREC_KNOB_NAMED(C, "age_weight.25_34", age_weight[2], 0, 1e6, "relative weight of age bucket 25-34"),
      SIMREC_KNOB_NAMED(C, "age_weight.35_44", age_weight[3], 0, 1e6, "relative weight of age bucket 35-44"),
      SIMREC_KNOB_NAMED(C, "age_weight.45_54", age_weight[4], 0, 1e6, "relative weight of age bucket 45-54"),
      SIMREC_KNOB_NAMED(C, "age_weight.55_plus", age_weight[5], 0, 1e6, "relative weight of age bucket 55+"),
      SIMREC_KNOB_NAMED(C, "device_weight.android", device_weight[0], 0, 1e6, "relative weight of device android"),
      SIMREC_KNOB_NAMED(C, "device_weight.ios", device_weight[1], 0, 1e6, "relative weight of device ios"),
      SIMREC_KNOB_NAMED(C, "device_weight.desktop", device_weight[2], 0, 1e6, "relative weight of device desktop"),
      SIMREC_KNOB_NAMED(C, "device_weight.tv", device_weight[3], 0, 1e6, "relative weight of device tv"),
      K(demographic_weight, 0, 1, "weight of f(demographics) in u* (the rest is the personal part)"),
      K(demographic_gain, 0, 50, "input gain of the tanh demographic network (interaction strength)"),
      K(demographic_hidden_units, 1, 1024, "hidden units of the demographic network"),
      K(demographic_sharpness, 0, 50, "sharpness of the demographic genre mixture (softmax scale)"),
      K(personal_noise, 0, 10, "isotropic noise in the personal part of u*"),
      KP(drift_watches, 0, 1e7, "experience scale N of the drift m = 1 - exp(-watches / N)"),
      K(drift_strength, 0, 20, "kappa: genre term kappa (1 - 2m) log(G share_g) of the browse utility"),
      // organic sessions
      K(feed_page_prob, 0, 1, "probability that a session step is a home-feed page (else an organic watch)"),
      K(browse_pool_size, 1, 4096, "candidates drawn for one organic browse choice"),
      K(browse_popular_share, 0, 1, "share of browse candidates drawn by global attention (rest: by interest)"),
      KG(taste_weight, 0, 100, "beta: weight of <u*, v*> in the choice utility"),
      KG(popularity_weight, 0, 5, "a: weight of log attention(v, t) in the choice utility"),
      K(similarity_weight, 0, 100, "b: weight of <v*, v*_last> in the choice utility"),
      K(choice_quality_weight, 0, 100, "weight of quality q in the choice utility"),
      K(rewatch_penalty, 0, 100, "utility penalty for a video the user already watched"),
      KG(series_continue_prob, 0, 1, "probability of continuing to the next episode (times last completion)"),
      KG(search_prob, 0, 1, "probability that an organic step is a search"),
      K(search_results, 1, 1000, "videos on a search result page"),
      K(search_target_found_prob, 0, 1, "probability that the searched-for video is among the results"),
      K(title_match_weight, 0, 100, "utility per query word found in a result's title"),
      K(step_gap_seconds, 0, 86400, "seconds between consecutive steps of a session"),
      K(page_dwell_seconds, 0, 86400, "seconds spent on a feed page without a click"),
      K(search_seconds, 0, 86400, "seconds spent typing a search"),
      K(search_new_topic_prob, 0, 1, "probability that a search is for a uniformly drawn topic (a new interest) instead of a browse-chosen target"),
      K(search_intent_weight, 0, 100, "browse-utility bonus for videos of the last searched topic, x exp(-hours since the search / search_intent_hours)"),
      KP(search_intent_hours, 0, 1e6, "decay time (hours) of the search intent; its pool draws stop 3 decay times after the search"),
      K(search_intent_pool_share, 0, 1, "share of browse candidates drawn from the last searched topic while its intent lasts (importance-corrected)"),
      // logging policy
      K(slate_size, 1, 64, "videos per feed page (slate length)"),
      K(policy_candidates, 1, 4096, "candidates the logging policy ranks per page (>= slate_size)"),
      K(policy_personalisation, 0, 100, "logging policy score weight on <history mean v*, v*>"),
      KP(policy_temperature, 0, 100, "Plackett-Luce temperature of the logging policy"),
      K(policy_history, 1, 1000, "recent watches the logging policy looks at"),
      K(position_bias_exponent, 0, 10, "examination probability at position k = k^-eta"),
      // click
      KG(click_intercept, -50, 50, "click logit intercept"),
      KG(click_affinity_weight, -100, 100, "click logit weight on the click driver <u*, v*>"),
      KG(click_popularity_weight, -20, 20, "click logit weight on log relative attention"),
      K(clickbait_click_weight, -50, 50, "click logit weight on click-bait b"),
      K(thumbnail_click_weight, -50, 50, "click logit weight on thumbnail appeal"),
      K(freshness_click_weight, -50, 50, "click logit weight on log(1 + viral x exp(-age / tau))"),
      K(impression_fatigue_weight, 0, 50, "click logit penalty per earlier impression of the same video"),
      K(channel_click_weight, -50, 50, "click logit weight on log(1 + past watches of the channel)"),
      // watch and labels
      K(task_correlation, -1, 1, "rho: satisfaction driver = rho x click driver + sqrt(1 - rho^2) x independent driver"),
      KG(watch_intercept, -50, 50, "watch latent intercept"),
      KG(watch_satisfaction_weight, -100, 100, "watch latent weight on the satisfaction driver"),
      K(watch_quality_weight, -50, 50, "watch latent weight on quality q"),
      K(clickbait_watch_penalty, -50, 50, "watch latent penalty per unit of click-bait"),
      K(watch_duration_weight, -50, 50, "watch latent penalty per unit of log(duration / 60 s)"),
      K(channel_history_watch_weight, -50, 50, "watch latent weight on sqrt(past watches of the channel)"),
      KP(watch_noise_sigma, 0, 50, "standard deviation of the watch latent noise"),
      K(finish_threshold, -50, 50, "watch latent above which the video is finished"),
      K(replay_prob, 0, 1, "probability that a finished video is replayed (fraction > 1)"),
      K(replay_max_fraction, 0, 100, "largest extra fraction watched on a replay"),
      K(skip_seconds, 0, 1e6, "skip label: watch seconds below this"),
      KP(completion_cap, 0, 1000, "completion ratio label = min(watch / duration, cap)"),
      K(like_intercept, -50, 50, "like logit intercept"),
      K(like_satisfaction_weight, -50, 50, "like logit weight on the satisfaction driver"),
      K(like_quality_weight, -50, 50, "like logit weight on quality"),
      K(like_finish_weight, -50, 50, "like logit weight on finish"),
      K(share_intercept, -50, 50, "share logit intercept"),
      K(share_satisfaction_weight, -50, 50, "share logit weight on the satisfaction driver"),
      K(share_quality_weight, -50, 50, "share logit weight on quality"),
      K(abnormal_watch_prob, 0, 1, "probability that a watch is logged with an abnormal watch time"),
      K(abnormal_min_ratio, 1, 1e6, "abnormal watch time is duration x U(min, max) ratio"),
      K(abnormal_max_ratio, 1, 1e6, "upper end of the abnormal watch-time ratio"),
  };
  return table;
}

#undef K
#undef KP
#undef KG

void require(bool ok, const std::string& message) {
  if (!ok) throw config::ConfigError(message);
}

}  // namespace

std::span<const WorldKnob> video_world_knobs() { return knob_table(); }

void VideoWorldConfig::validate() const {
  config::check_knobs<VideoWorldConfig>(*this, video_world_knobs(), "sim");
  using config::format_value;
  require(new_user_fraction + high_user_fraction <= 1.0,
          "sim.new_user_fraction + sim.high_user_fraction = " + format_value(new_user_fraction + high_user_fraction) +
              " is out of range: allowed [0, 1] (the Low group gets the rest)");
  require(short_form_prob_min <= short_form_prob_max,
          "sim.short_form_prob_min = " + format_value(short_form_prob_min) +
              " is out of range: allowed [0, sim.short_form_prob_max = " + format_value(short_form_prob_max) + "]");
  require(abnormal_min_ratio <= abnormal_max_ratio,
          "sim.abnormal_min_ratio = " + format_value(abnormal_min_ratio) +
              " is out of range: allowed [1, sim.abnormal_max_ratio = " + format_value(abnormal_max_ratio) + "]");
  require(policy_candidates >= slate_size, "sim.policy_candidates = " + format_value(double(policy_candidates)) +
                                               " is out of range: allowed [sim.slate_size = " +
                                               format_value(double(slate_size)) + ", 4096]");
  double age_total = 0, device_total = 0;
  for (double w : age_weight) age_total += w;
  for (double w : device_weight) device_total += w;
  require(age_total > 0, "sim.age_weight.* sum to 0: allowed a positive sum");
  require(device_total > 0, "sim.device_weight.* sum to 0: allowed a positive sum");
  require(double(num_genres) * double(subgenres_per_genre) <= 1e6,
          "sim.num_genres x sim.subgenres_per_genre = " + format_value(double(num_genres) * double(subgenres_per_genre)) +
              " is out of range: allowed [1, 1000000]");
  const double tokens = double(common_tokens) + double(num_genres) * double(genre_tokens) +
                        double(num_genres) * double(subgenres_per_genre) * double(topic_tokens_per_subgenre) +
                        double(num_channels);
  require(tokens < 4e9, "token vocabulary of " + format_value(tokens) + " words is out of range: allowed below 4e9");
}

std::string VideoWorldConfig::to_text() const { return config::knobs_to_text<VideoWorldConfig>(*this, video_world_knobs()); }

std::uint64_t VideoWorldConfig::hash() const { return config::text_hash(to_text()); }

void VideoWorldConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<VideoWorldConfig>(*this, video_world_knobs(), "sim", name, value);
}

}  // namespace simrec::sim
