#include "sim/world/user_simulator.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random/distributions.hpp"
#include "sim/world/latent.hpp"

namespace simrec::sim {

using random::Rng;

namespace {
constexpr double kNegInf = -1e300;

std::uint64_t user_counter_index(UserId id, std::uint32_t counter) { return (std::uint64_t(id) << 32) | counter; }

// Index of exp-weighted choice among logits (kNegInf entries excluded); -1 when none is valid.
int choose_logit(std::span<const double> logits, Rng& rng) {
  double best = kNegInf;
  for (double l : logits) best = std::max(best, l);
  if (best <= kNegInf) return -1;
  double total = 0;
  for (double l : logits) total += l > kNegInf ? std::exp(l - best) : 0.0;
  double target = rng.uniform() * total;
  int last_valid = -1;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    if (logits[i] <= kNegInf) continue;
    last_valid = int(i);
    target -= std::exp(logits[i] - best);
    if (target < 0) return int(i);
  }
  return last_valid;
}
}  // namespace

void UserOutcomeTotals::add(const UserOutcomeTotals& o) {
  pages += o.pages;
  impressions += o.impressions;
  clicks += o.clicks;
  feed_finishes += o.feed_finishes;
  feed_likes += o.feed_likes;
  watches += o.watches;
  feed_watch_seconds += o.feed_watch_seconds;
  feed_completion += o.feed_completion;
  watch_seconds += o.watch_seconds;
  slate_distinct_topics += o.slate_distinct_topics;
  shown_clickbait += o.shown_clickbait;
  shown_high_clickbait += o.shown_high_clickbait;
}

UserSimulator::UserSimulator(const World& world)
    : w_(world),
      cfg_(world.config()),
      cat_(world.catalog()),
      topic_zipf_(std::uint64_t(world.config().topic_tokens_per_subgenre), world.config().topic_token_zipf) {}

void UserSimulator::begin_user(UserId id) {
  w_.user(id, profile_);
  observed_ = ObservedUser{id, profile_.demo, profile_.group};
  state_.reset(profile_.prior_watches);
}

void UserSimulator::simulate(UserId id, const PolicySchedule& schedule, std::vector<Event>& out, UserOutcomeTotals* totals) {
  begin(id, schedule, &out, totals);
  for (std::uint32_t day = 0; day < schedule.day_end; ++day) simulate_day(day);
  end();
}

void UserSimulator::begin(UserId id, const PolicySchedule& schedule, std::vector<Event>* out, UserOutcomeTotals* totals) {
  begin_user(id);
  schedule_ = &schedule;
  out_ = out;
  totals_ = totals;
  record_from_seconds_ = double(schedule.record_from_day) * kSecondsPerDay;
  window_end_seconds_ = double(schedule.day_end) * kSecondsPerDay;
}

void UserSimulator::end() {
  schedule_ = nullptr;
  out_ = nullptr;
  totals_ = nullptr;
}

void UserSimulator::simulate_day(std::uint32_t day) {
  const int g = int(profile_.group);
  const UserId id = profile_.id;
  Rng day_rng(w_.keys().user_day, std::uint64_t(id) * w_.num_days() + day);
  const std::uint64_t n = random::poisson(day_rng, cfg_.sessions_per_day[g]);
  const double day_start = double(day) * kSecondsPerDay, day_stop = day_start + kSecondsPerDay;
  const double lo = std::max(day_start, profile_.join_seconds);
  if (lo >= day_stop) return;
  starts_.clear();
  for (std::uint64_t i = 0; i < n; ++i) starts_.push_back(lo + day_rng.uniform() * (day_stop - lo));
  std::sort(starts_.begin(), starts_.end());
  for (double start : starts_) {
    const double t = std::max(start, state_.busy_until_seconds);
    if (t >= window_end_seconds_) break;
    run_session(t, *schedule_);
  }
}

void UserSimulator::begin_session(std::uint32_t day) {
  session_day_ = std::min(day, w_.num_days() - 1);
  const int g = int(profile_.group);
  drift_m_ = 1.0 - std::exp(-state_.experience_watches / cfg_.drift_watches);
  const std::uint32_t G = cat_.num_genres();
  const AttentionTables& att = w_.attention_tables();
  interest_.resize(G);
  interest_cdf_.resize(G);
  double best = kNegInf;
  for (std::uint32_t k = 0; k < G; ++k) {
    const double wg = att.genre_total(session_day_, k);
    interest_[k] = wg > 0 ? std::log(wg) + cfg_.taste_weight[g] * profile_.genre_affinity[k] +
                                cfg_.drift_strength * (1.0 - 2.0 * drift_m_) * cat_.genre_mainstream[k]
                          : kNegInf;
    best = std::max(best, interest_[k]);
  }
  double total = 0;
  for (std::uint32_t k = 0; k < G; ++k) {
    interest_[k] = interest_[k] > kNegInf ? std::exp(interest_[k] - best) : 0.0;
    total += interest_[k];
  }
  double cum = 0;
  for (std::uint32_t k = 0; k < G; ++k) {
    interest_[k] = total > 0 ? interest_[k] / total : 0.0;
    cum += interest_[k];
    interest_cdf_[k] = cum;
  }
  const std::size_t K = std::size_t(cfg_.browse_pool_size);
  browse_popular_count_ = std::size_t(std::llround(double(K) * cfg_.browse_popular_share));
  fill_genre_offsets(1.0 - double(browse_popular_count_) / double(K), genre_offset_);
  intent_offsets_ready_ = false;
}

// Proposal of a browse candidate v of genre k: q(v) = w_d(v) x mix_k with
// mix_k = f_pop / W_d + f_gen pi_u(k) / W_k,d  (f_pop, f_gen = shares of popular and genre draws).
double UserSimulator::genre_mix(std::uint32_t k, double f_gen) const {
  const AttentionTables& att = w_.attention_tables();
  const double f_pop = double(browse_popular_count_) / double(cfg_.browse_pool_size);
  const double total = att.total(session_day_), wg = att.genre_total(session_day_, k);
  return (total > 0 ? f_pop / total : 0.0) + (wg > 0 ? f_gen * interest_[k] / wg : 0.0);
}

// offset_k = kappa (1 - 2m) M_k - log mix_k for every genre k.
void UserSimulator::fill_genre_offsets(double f_gen, std::vector<double>& out) const {
  const std::uint32_t G = cat_.num_genres();
  const double drift = cfg_.drift_strength * (1.0 - 2.0 * drift_m_);
  out.resize(G);
  for (std::uint32_t k = 0; k < G; ++k) {
    const double mix = genre_mix(k, f_gen);
    out[k] = drift * cat_.genre_mainstream[k] - (mix > 0 ? std::log(mix) : 0.0);
  }
}

// With a share f_int of the pool drawn from the intent topic s, the genre draws' share falls to
// 1 - f_pop - f_int (offsets computed once per session: the shares do not change within one), and
// s's own videos get mix_k + f_int / W_s,d. Returns s's offset.
double UserSimulator::intent_offsets(double f_int, std::uint32_t intent) {
  const double f_gen = 1.0 - double(browse_popular_count_) / double(cfg_.browse_pool_size) - f_int;
  if (!intent_offsets_ready_) {
    fill_genre_offsets(f_gen, intent_genre_offset_);
    intent_offsets_ready_ = true;
  }
  const std::uint32_t k = cat_.subgenre_genre[intent];
  const double drift = cfg_.drift_strength * (1.0 - 2.0 * drift_m_);
  return drift * cat_.genre_mainstream[k] - std::log(genre_mix(k, f_gen) + f_int / w_.attention_tables().subgenre_total(session_day_, intent));
}

void UserSimulator::run_session(double t, const PolicySchedule& schedule) {
  const int g = int(profile_.group);
  Rng srng(w_.keys().session, user_counter_index(profile_.id, state_.session_counter));
  begin_session(std::uint32_t(std::max<std::int64_t>(0, day_index(t))));
  const std::uint64_t steps = 1 + random::geometric(srng, 1.0 / cfg_.steps_per_session[g]);
  for (std::uint64_t s = 0; s < steps && t < window_end_seconds_; ++s) {
    if (random::bernoulli(srng, cfg_.feed_page_prob))
      feed_page(t, schedule);
    else
      organic_step(t);
  }
  state_.busy_until_seconds = t;
  ++state_.session_counter;
}

// ---- organic steps ----

void UserSimulator::organic_step(double& t) {
  const int g = int(profile_.group);
  Rng rng(w_.keys().step, user_counter_index(profile_.id, state_.step_counter++));
  const double u_series = rng.uniform(), u_search = rng.uniform();
  if (state_.last_video != kNone) {
    const VideoId next = cat_.hot(state_.last_video).next_in_series;
    if (next != kNone && is_uploaded(cat_, next, t) &&
        u_series < cfg_.series_continue_prob[g] * std::min(1.0f, state_.last_completion)) {
      watch(next, WatchSource::Series, t, rng);
      return;
    }
  }
  if (u_search < cfg_.search_prob[g]) {
    search(t, rng);
    return;
  }
  const VideoId v = browse_choice(t, rng);
  if (v != kNone) watch(v, WatchSource::Browse, t, rng);
}

VideoId UserSimulator::browse_choice(double t, Rng& rng) {
  // logit(v) = U(v) - log q(v) with (see the header)
  //   U(v)     = a log att(v, t) + beta <u*, v*> + kappa (1 - 2m) M_g + b <v*, v*_last> + c_q q - penalty
  //   log q(v) = log w_d(v) + log mix_g
  // and log att(v, t) = log base(v) + log(1 + viral e_t), log w_d(v) = log base(v) + log(1 + viral e_d),
  // e_d = exp(-(end of day - upload) / tau), e_t = e_d exp((end of day - t) / tau): one exp per candidate.
  const int g = int(profile_.group);
  const AttentionTables& att = w_.attention_tables();
  const std::uint32_t day = session_day_;
  const std::size_t K = std::size_t(cfg_.browse_pool_size);
  const std::size_t d = cat_.latent_dim;
  const float* last = state_.last_video != kNone ? cat_.latent_a(state_.last_video) : nullptr;
  const double a = cfg_.popularity_weight[g], beta = cfg_.taste_weight[g];
  const double tau = w_.tau_seconds(), eval = AttentionTables::eval_seconds(day);
  const double shift = std::exp((eval - t) / tau);
  // Draws first (the same random words in the same order as one-by-one sampling), with the table
  // entries prefetched; then the videos, with their records prefetched; then the logits.
  // A search intent (the last searched topic s, for 3 decay times): a share of the candidates is
  // drawn from s by attention, which adds f_int / W_s,d to the proposal mix of s's videos and
  // lowers the genre draws' share; the utility bonus decays with the time since the search.
  const std::uint32_t intent = state_.intent_topic;
  std::size_t intent_count = 0;
  double intent_bonus = 0;
  if (intent != kNone) {
    const double age = (t - state_.intent_seconds) / (3600.0 * cfg_.search_intent_hours);
    if (age < 3.0) {
      intent_bonus = cfg_.search_intent_weight * std::exp(-age);
      if (att.subgenre_total(day, intent) > 0)
        intent_count = std::min<std::size_t>(K - browse_popular_count_,
                                             std::size_t(std::llround(double(K) * cfg_.search_intent_pool_share)));
    }
  }
  const double* offset = genre_offset_.data();
  double intent_offset = 0;
  if (intent_count > 0) {
    intent_offset = intent_offsets(double(intent_count) / double(K), intent);
    offset = intent_genre_offset_.data();
  }
  pending_draws_.clear();
  for (std::size_t i = 0; i < K; ++i) {
    if (i < browse_popular_count_) {
      pending_draws_.push_back(att.prepare_popular(day, rng));
    } else if (i >= K - intent_count) {
      pending_draws_.push_back(att.prepare_in_subgenre(day, intent, rng));
    } else {
      const double u = rng.uniform() * interest_cdf_.back();
      const auto genre = std::uint32_t(std::min<std::size_t>(
          std::upper_bound(interest_cdf_.begin(), interest_cdf_.end(), u) - interest_cdf_.begin(), interest_cdf_.size() - 1));
      pending_draws_.push_back(att.prepare_in_genre(day, genre, rng));
    }
  }
  draws_.clear();
  for (const auto& p : pending_draws_) {
    const VideoId v = AttentionTables::resolve(p);
    draws_.push_back(v);
    if (v != kNone) cat_.prefetch(v);
  }
  pool_.clear();
  logits_.clear();
  for (const VideoId v : draws_) {
    if (v == kNone) continue;
    const VideoHot& vh = cat_.hot(v);
    if (t < vh.upload_seconds) continue;
    const double e_d = std::exp(-(eval - vh.upload_seconds) / tau);
    const double log_att_t = vh.log_base_popularity + std::log1p(vh.viral * e_d * shift);
    const double log_w_d = vh.log_base_popularity + std::log1p(vh.viral * e_d);
    const bool in_intent = vh.subgenre == intent;
    double u = a * log_att_t + beta * dot(profile_.taste_a.data(), cat_.latent_a(v), d) + cfg_.choice_quality_weight * vh.quality +
               (in_intent && intent_count > 0 ? intent_offset : offset[vh.genre]) - log_w_d;
    if (in_intent) u += intent_bonus;
    if (last) u += cfg_.similarity_weight * dot(last, cat_.latent_a(v), d);
    if (state_.video_watches.get(v) > 0) u -= cfg_.rewatch_penalty;
    pool_.push_back(v);
    logits_.push_back(u);
  }
  const int pick = choose_logit(logits_, rng);
  return pick < 0 ? kNone : pool_[std::size_t(pick)];
}

void UserSimulator::search(double& t, Rng& rng) {
  const int g = int(profile_.group);
  VideoId target = kNone;
  if (cfg_.search_new_topic_prob > 0 && random::bernoulli(rng, cfg_.search_new_topic_prob)) {
    // A new interest: a topic drawn uniformly, its target by attention within it.
    const auto s = std::uint32_t(rng.below(cat_.num_subgenres()));
    if (w_.attention_tables().subgenre_total(session_day_, s) > 0) {
      const VideoId v = AttentionTables::resolve(w_.attention_tables().prepare_in_subgenre(session_day_, s, rng));
      if (v != kNone && is_uploaded(cat_, v, t)) target = v;
    }
  }
  if (target == kNone) target = browse_choice(t, rng);
  if (target == kNone) return;
  const std::uint32_t topic = cat_.video_subgenre[target];
  state_.intent_topic = topic;
  state_.intent_seconds = t;
  // Query: topic words of the target's topic, maybe its channel's word.
  Event e;
  e.time_seconds = t;
  e.user_id = profile_.id;
  e.session_index = state_.session_counter;
  e.kind = EventKind::Search;
  const std::size_t n_words = 1 + std::size_t(rng.below(std::uint64_t(cfg_.query_max_tokens)));
  for (std::size_t i = 0; i < n_words; ++i) {
    const std::uint32_t w = cat_.tokens.topic_token(topic, std::uint32_t(topic_zipf_.sample(rng) - 1));
    if (std::find(e.tokens.begin(), e.tokens.begin() + e.num_tokens, w) == e.tokens.begin() + e.num_tokens)
      e.tokens[e.num_tokens++] = w;
  }
  if (random::bernoulli(rng, cfg_.query_channel_token_prob) && e.num_tokens < kMaxQueryTokens)
    e.tokens[e.num_tokens++] = cat_.tokens.channel_token(cat_.video_channel[target]);
  e.truth_topic = topic;
  const bool record = recording(t);
  if (record && out_) out_->push_back(e);
  state_.searches.push_back(SearchRecord{t, e.tokens, e.num_tokens});
  t += cfg_.search_seconds;

  // Results: the distinct uploaded videos among search_results draws of the topic (by attention),
  // the target first when found; then the logit choice among them.
  pool_.clear();
  if (random::bernoulli(rng, cfg_.search_target_found_prob)) pool_.push_back(target);
  pending_draws_.clear();
  for (std::int64_t i = 0; i < cfg_.search_results; ++i) pending_draws_.push_back(w_.attention_tables().prepare_in_subgenre(session_day_, topic, rng));
  draws_.clear();
  for (const auto& p : pending_draws_) {
    const VideoId v = AttentionTables::resolve(p);
    draws_.push_back(v);
    if (v != kNone) cat_.prefetch(v);
  }
  for (const VideoId v : draws_)
    if (v != kNone && is_uploaded(cat_, v, t) && std::find(pool_.begin(), pool_.end(), v) == pool_.end()) pool_.push_back(v);
  if (pool_.empty()) return;
  logits_.clear();
  const std::size_t d = cat_.latent_dim;
  for (VideoId v : pool_) {
    int matches = 0;
    for (std::uint32_t w : cat_.title(v))
      matches += std::find(e.tokens.begin(), e.tokens.begin() + e.num_tokens, w) != e.tokens.begin() + e.num_tokens;
    double u = cfg_.taste_weight[g] * dot(profile_.taste_a.data(), cat_.latent_a(v), d) + cfg_.title_match_weight * matches +
               cfg_.choice_quality_weight * cat_.hot(v).quality;
    if (state_.video_watches.get(v) > 0) u -= cfg_.rewatch_penalty;
    logits_.push_back(u);
  }
  const int pick = choose_logit(logits_, rng);
  if (pick >= 0) watch(pool_[std::size_t(pick)], WatchSource::Search, t, rng);
}

void UserSimulator::watch(VideoId v, WatchSource source, double& t, Rng& rng) {
  const HistoryFeatures h = w_.history_features(state_, v, t);
  const WatchOutcome o = w_.behaviour().draw_watch(profile_, v, h, rng);
  apply_watch(v, source, o, h, t, kNone, recording(t));
  t += o.true_watch_seconds + cfg_.step_gap_seconds;
}

void UserSimulator::apply_watch(VideoId v, WatchSource source, const WatchOutcome& o, const HistoryFeatures& h, double t,
                                std::uint32_t page, bool record) {
  if (record && out_) {
    Event e;
    e.time_seconds = t;
    e.user_id = profile_.id;
    e.video_id = v;
    e.session_index = state_.session_counter;
    e.page_index = page;
    e.kind = EventKind::Watch;
    e.source = source;
    e.flags = std::uint8_t(o.flags | kFlagClick);
    e.watch_seconds = o.watch_seconds;
    e.completion_ratio = o.completion_ratio;
    e.channel_watches = h.channel_watches;
    e.video_impressions = h.video_impressions;
    e.hours_since_topic_watch = h.hours_since_topic_watch;
    out_->push_back(e);
  }
  if (record && totals_) {
    ++totals_->watches;
    totals_->watch_seconds += o.true_watch_seconds;
  }
  state_.watches.push_back(WatchRecord{t, v, o.watch_seconds});
  ++state_.channel_watches.at(cat_.hot(v).channel);
  ++state_.video_watches.at(v);
  state_.topic_last_watch_seconds.at(cat_.hot(v).subgenre) = t;
  state_.experience_watches += 1.0;
  state_.last_video = v;
  state_.last_completion = std::min(1.0f, o.true_fraction);
}

// ---- feed pages ----

void UserSimulator::feed_page(double& t, const PolicySchedule& schedule) {
  const std::uint32_t page = state_.page_counter++;
  const SlatePolicy* policy =
      schedule.serving && session_day_ >= schedule.serving_from_day ? schedule.serving : schedule.logging;
  Rng prng(w_.keys().policy, user_counter_index(profile_.id, page));
  const SlateRequest request{observed_, state_, t, session_day_, std::uint32_t(cfg_.slate_size)};
  policy->recommend(request, prng, slate_);
  serve_slate(t, page, slate_, recording(t), out_, totals_);
}

void UserSimulator::serve_slate(double& t, std::uint32_t page, std::span<const SlateItem> slate, bool record,
                                std::vector<Event>* out, UserOutcomeTotals* totals) {
  const BehaviourModel& model = w_.behaviour();
  const std::uint64_t page_key = user_counter_index(profile_.id, page);
  Rng crng(w_.keys().page, page_key);
  for (const SlateItem& item : slate)
    if (item.video < cat_.num_videos()) {
      cat_.prefetch(item.video);
      __builtin_prefetch(cat_.latent_b(item.video));
    }
  pending_.clear();
  std::uint32_t topics[64];
  int num_topics = 0;
  std::uint64_t shown = 0;
  for (std::size_t i = 0; i < slate.size() && i < 255; ++i) {
    const VideoId v = slate[i].video;
    const int position = int(i) + 1;
    const double u = crng.uniform();  // drawn for every position: outcomes align across policies
    if (v >= cat_.num_videos() || !is_uploaded(cat_, v, t)) continue;  // not (yet) available: not shown
    ++shown;
    if (record && totals) {
      const float bait = cat_.hot(v).clickbait;
      totals->shown_clickbait += bait;
      totals->shown_high_clickbait += bait > w_.high_clickbait_threshold();
    }
    const HistoryFeatures h = w_.history_features(state_, v, t);
    const double p = model.click_probability(profile_, v, t, h, position);
    Event e;
    e.time_seconds = t;
    e.user_id = profile_.id;
    e.video_id = v;
    e.session_index = state_.session_counter;
    e.page_index = page;
    e.kind = EventKind::Impression;
    e.source = WatchSource::Feed;
    e.position = std::uint8_t(position);
    e.propensity = slate[i].propensity;
    e.channel_watches = h.channel_watches;
    e.video_impressions = h.video_impressions;
    e.hours_since_topic_watch = h.hours_since_topic_watch;
    if (u < p) {
      Rng irng(w_.keys().item, random::mix64(page_key ^ random::mix64(std::uint64_t(position))));
      const WatchOutcome o = model.draw_watch(profile_, v, h, irng);
      e.flags = std::uint8_t(o.flags | kFlagClick);
      e.watch_seconds = o.watch_seconds;
      e.completion_ratio = o.completion_ratio;
      pending_.push_back({v, o, h});
    }
    if (record && out) out->push_back(e);
    const std::uint32_t topic = cat_.hot(v).subgenre;
    if (num_topics < 64 && std::find(topics, topics + num_topics, topic) == topics + num_topics) topics[num_topics++] = topic;
  }
  if (record && totals) {
    ++totals->pages;
    totals->impressions += shown;
    totals->clicks += pending_.size();
    totals->slate_distinct_topics += num_topics;
    for (const auto& pw : pending_) {
      totals->feed_watch_seconds += pw.outcome.true_watch_seconds;
      totals->feed_completion += std::min(1.0f, pw.outcome.true_fraction);
      totals->feed_finishes += pw.outcome.true_fraction >= 1.0f;
      totals->feed_likes += (pw.outcome.flags & kFlagLike) != 0;
    }
  }
  for (std::size_t i = 0; i < slate.size(); ++i)
    if (slate[i].video < cat_.num_videos() && is_uploaded(cat_, slate[i].video, t)) ++state_.video_impressions.at(slate[i].video);
  // Clicked videos are watched in slate order.
  double tw = t + 1.0;
  std::vector<Event>* saved_out = out_;
  UserOutcomeTotals* saved_totals = totals_;
  out_ = out;
  totals_ = totals;
  for (const auto& pw : pending_) {
    apply_watch(pw.video, WatchSource::Feed, pw.outcome, pw.history, tw, page, record);
    tw += pw.outcome.true_watch_seconds + cfg_.step_gap_seconds;
  }
  out_ = saved_out;
  totals_ = saved_totals;
  t = pending_.empty() ? t + cfg_.page_dwell_seconds + cfg_.step_gap_seconds : tw;
}

}  // namespace simrec::sim
