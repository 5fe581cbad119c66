#include "datasets/sample_builders.hpp"

#include <algorithm>

#include "sim/random/philox.hpp"

namespace simrec::datasets {

using sim::Event;
using sim::EventKind;

namespace {

// Up to k distinct elements of `items` chosen uniformly (partial Fisher-Yates), returned sorted.
void choose_sorted(std::vector<std::size_t>& items, std::size_t k, random::Rng& rng) {
  const std::size_t n = items.size();
  k = std::min(k, n);
  for (std::size_t i = 0; i < k; ++i) std::swap(items[i], items[i + rng.below(n - i)]);
  items.resize(k);
  std::sort(items.begin(), items.end());
}

}  // namespace

SampleBuilder::SampleBuilder(const sim::World& world, const DatasetConfig& config, const TimeSplit& split, double t_max_seconds)
    : world_(world),
      config_(config),
      split_(split),
      t_max_(t_max_seconds),
      video_counts_(world.num_videos(), 0),
      channel_counts_(world.catalog().num_channels(), 0) {}

void SampleBuilder::add_user(sim::UserId user, std::span<const Event> events) {
  const sim::UserProfile profile = world_.user(user);
  const sim::Catalog& cat = world_.catalog();
  watches_.clear();
  searches_.clear();
  for (const Event& e : events) {
    if (e.kind == EventKind::Watch) {
      watches_.push_back({e.time_seconds, e.video_id});
      if (split_.of_time(e.time_seconds) == Split::Train) {
        ++video_counts_[e.video_id];
        ++channel_counts_[cat.video_channel[e.video_id]];
      }
    } else if (e.kind == EventKind::Search) {
      searches_.push_back({e.time_seconds, {e.tokens.data(), e.num_tokens}});
      if (split_.of_time(e.time_seconds) == Split::Train) {
        for (std::size_t i = 0; i < e.num_tokens; ++i) {
          ++token_counts_[e.tokens[i]];
          if (config_.use_bigrams && i + 1 < e.num_tokens) ++token_counts_[bigram_key(e.tokens[i], e.tokens[i + 1])];
        }
      }
    }
  }

  // Retrieval rows per split.
  static const char* const kStreams[3] = {"datasets/retrieval_train", "datasets/retrieval_validation", "datasets/retrieval_test"};
  for (int slot = 0; slot < 3; ++slot) {
    const Split split = Split(slot);
    candidates_.clear();
    for (std::size_t i = 0; i < watches_.size(); ++i)
      if (split_.of_time(watches_[i].time) == split) candidates_.push_back(i);
    if (candidates_.empty()) continue;
    random::Rng rng(world_.seed(), kStreams[slot], user);
    const std::size_t k = std::size_t(slot == 0 ? config_.retrieval_samples_per_user : config_.retrieval_test_samples_per_user);
    choose_sorted(candidates_, k, rng);
    const bool holdout = slot == 0 && config_.mode() == LabelMode::RandomHoldout;
    for (std::size_t label : candidates_) {
      history_.clear();
      if (holdout) {
        for (std::size_t j = 0; j < watches_.size(); ++j)
          if (j != label && split_.of_time(watches_[j].time) == Split::Train) history_.push_back(j);
      } else {
        for (std::size_t j = 0; j < label; ++j) history_.push_back(j);
      }
      const float age = slot == 0 ? float((t_max_ - watches_[label].time) / sim::kSecondsPerDay) : 0.0f;
      add_retrieval_row(retrieval_[slot], user, profile, label, history_, holdout ? split_.train_end_seconds() : watches_[label].time,
                        holdout, age);
    }
  }
  // Ranking rows per split.
  for (int slot = 0; slot < 3; ++slot) add_ranking_rows(ranking_[slot], user, profile, events, Split(slot));
}

void SampleBuilder::add_retrieval_row(RawRetrieval& t, sim::UserId user, const sim::UserProfile& p, std::size_t label_index,
                                      std::span<const std::size_t> history_indices, double search_before_seconds,
                                      bool train_searches_only, float example_age_days) {
  RetrievalSamples& r = t.table;
  r.user_id.push_back(user);
  r.label_video.push_back(watches_[label_index].video);
  r.label.push_back(watches_[label_index].video);  // raw until finish()
  r.user_group.push_back(std::uint8_t(p.group));
  r.age_bucket.push_back(p.demo.age_bucket);
  r.gender.push_back(p.demo.gender);
  r.device.push_back(p.demo.device);
  r.logged_in.push_back(p.demo.logged_in);
  r.region.push_back(p.demo.region);
  r.age_real.push_back((float(p.demo.age_bucket) + 0.5f) / float(sim::kNumAgeBuckets));
  r.example_age_days.push_back(example_age_days);
  r.time_seconds.push_back(watches_[label_index].time);
  const std::size_t h = std::size_t(config_.max_history);
  const std::size_t first = history_indices.size() > h ? history_indices.size() - h : 0;
  for (std::size_t i = first; i < history_indices.size(); ++i) r.history.push_back(watches_[history_indices[i]].video);
  r.history_offsets.push_back(r.history.size());
  // Search tokens of earlier searches (unigrams, then the query's bigrams), the most recent kept.
  const std::size_t token_begin = t.tokens.size();
  for (const Search& s : searches_) {
    if (s.time >= search_before_seconds) break;
    if (train_searches_only && split_.of_time(s.time) != Split::Train) break;
    for (std::uint32_t w : s.tokens) t.tokens.push_back(w);
    if (config_.use_bigrams)
      for (std::size_t i = 0; i + 1 < s.tokens.size(); ++i) t.tokens.push_back(bigram_key(s.tokens[i], s.tokens[i + 1]));
  }
  const std::size_t max_tokens = std::size_t(config_.max_search_tokens);
  if (t.tokens.size() - token_begin > max_tokens)
    t.tokens.erase(t.tokens.begin() + std::ptrdiff_t(token_begin), t.tokens.end() - std::ptrdiff_t(max_tokens));
  r.search_offsets.push_back(t.tokens.size());
}

void SampleBuilder::add_ranking_rows(RankingSamples& t, sim::UserId user, const sim::UserProfile& p,
                                     std::span<const Event> events, Split split) {
  const sim::Catalog& cat = world_.catalog();
  // Training page selection under a per-user cap.
  std::vector<std::uint32_t> pages;
  bool capped = split == Split::Train && config_.ranking_impressions_per_user > 0;
  if (capped) {
    std::vector<std::pair<std::uint32_t, std::size_t>> page_sizes;  // (page, impressions), page order
    for (const Event& e : events) {
      if (e.kind != EventKind::Impression || split_.of_time(e.time_seconds) != split) continue;
      if (page_sizes.empty() || page_sizes.back().first != e.page_index) page_sizes.push_back({e.page_index, 0});
      ++page_sizes.back().second;
    }
    random::Rng rng(world_.seed(), "datasets/ranking_pages", user);
    for (std::size_t i = 0; i + 1 < page_sizes.size(); ++i) std::swap(page_sizes[i], page_sizes[i + rng.below(page_sizes.size() - i)]);
    std::size_t total = 0;
    for (const auto& [page, n] : page_sizes) {
      if (!pages.empty() && total + n > std::size_t(config_.ranking_impressions_per_user)) break;
      pages.push_back(page);
      total += n;
    }
    std::sort(pages.begin(), pages.end());
  }
  std::size_t watches_before = 0;  // watches strictly earlier than the current impression
  for (const Event& e : events) {
    if (e.kind != EventKind::Impression || split_.of_time(e.time_seconds) != split) continue;
    if (capped && !std::binary_search(pages.begin(), pages.end(), e.page_index)) continue;
    while (watches_before < watches_.size() && watches_[watches_before].time < e.time_seconds) ++watches_before;
    const sim::VideoId v = e.video_id;
    t.user_id.push_back(user);
    t.video.push_back(v);
    t.video_raw.push_back(v);
    t.channel.push_back(cat.video_channel[v]);
    t.genre.push_back(cat.video_genre[v]);
    t.region.push_back(p.demo.region);
    t.position.push_back(e.position);
    t.user_group.push_back(std::uint8_t(p.group));
    t.age_bucket.push_back(p.demo.age_bucket);
    t.gender.push_back(p.demo.gender);
    t.device.push_back(p.demo.device);
    t.logged_in.push_back(p.demo.logged_in);
    t.page_key.push_back((std::uint64_t(user) << 32) | e.page_index);
    t.time_seconds.push_back(e.time_seconds);
    t.continuous.push_back(cat.video_duration_seconds[v]);
    t.continuous.push_back(float((e.time_seconds - cat.video_upload_seconds[v]) / sim::kSecondsPerHour));
    t.continuous.push_back(float(e.channel_watches));
    t.continuous.push_back(e.hours_since_topic_watch < 0 ? kNeverHours : e.hours_since_topic_watch);
    t.continuous.push_back(float(e.video_impressions));
    t.continuous.push_back(float(watches_before));
    t.click.push_back(e.click());
    t.finish.push_back(e.finish());
    t.skip.push_back(e.skip());
    t.like.push_back(e.like());
    t.share.push_back(e.share());
    t.watch_seconds.push_back(e.click() ? e.watch_seconds : 0.0f);
    t.completion_ratio.push_back(e.click() ? e.completion_ratio : 0.0f);
    t.weight.push_back(e.click() ? e.watch_seconds : 1.0f);
    t.propensity.push_back(e.propensity);
    const std::size_t h = std::size_t(config_.ranking_history);
    for (std::size_t i = watches_before > h ? watches_before - h : 0; i < watches_before; ++i) t.recent_watches.push_back(watches_[i].video);
    t.recent_offsets.push_back(t.recent_watches.size());
  }
}

void SampleBuilder::finish(VideoDatasets& out) {
  // Vocabularies from training counts.
  std::vector<std::pair<std::uint32_t, std::uint64_t>> vc, cc;
  for (std::uint32_t v = 0; v < video_counts_.size(); ++v)
    if (video_counts_[v]) vc.push_back({v, video_counts_[v]});
  for (std::uint32_t c = 0; c < channel_counts_.size(); ++c)
    if (channel_counts_[c]) cc.push_back({c, channel_counts_[c]});
  std::vector<std::pair<std::uint64_t, std::uint64_t>> tc(token_counts_.begin(), token_counts_.end());
  out.video_vocab = Vocabulary<std::uint32_t>::build(std::move(vc), std::size_t(config_.video_vocab_size));
  out.channel_vocab = Vocabulary<std::uint32_t>::build(std::move(cc), std::size_t(config_.channel_vocab_size));
  out.token_vocab = Vocabulary<std::uint64_t>::build(std::move(tc), std::size_t(config_.token_vocab_size));

  RetrievalSamples* rdst[3] = {&out.retrieval_train, &out.retrieval_validation, &out.retrieval_test};
  RankingSamples* kdst[3] = {&out.ranking_train, &out.ranking_validation, &out.ranking_test};
  for (int slot = 0; slot < 3; ++slot) {
    RawRetrieval& raw = retrieval_[slot];
    for (auto& id : raw.table.label) id = out.video_vocab.index(id);
    for (auto& id : raw.table.history) id = out.video_vocab.index(id);
    raw.table.search_tokens.resize(raw.tokens.size());
    for (std::size_t i = 0; i < raw.tokens.size(); ++i) raw.table.search_tokens[i] = out.token_vocab.index(raw.tokens[i]);
    *rdst[slot] = std::move(raw.table);
    RankingSamples& rk = ranking_[slot];
    for (auto& id : rk.video) id = out.video_vocab.index(id);
    for (auto& id : rk.channel) id = out.channel_vocab.index(id);
    for (auto& id : rk.recent_watches) id = out.video_vocab.index(id);
    *kdst[slot] = std::move(rk);
  }
  // Normalisers on the training rows only; applied to every split.
  const RankingSamples& train = out.ranking_train;
  out.ranking_quantiles.clear();
  out.ranking_zscores.clear();
  std::vector<float> column(train.size());
  for (std::size_t f = 0; f < kNumContinuous; ++f) {
    for (std::size_t r = 0; r < train.size(); ++r) column[r] = train.continuous_at(r, f);
    out.ranking_quantiles.push_back(QuantileNormaliser::fit(column, std::size_t(config_.quantile_bins)));
    out.ranking_zscores.push_back(ZScoreNormaliser::fit(column));
  }
  for (RankingSamples* rk : kdst) {
    rk->continuous_quantile.resize(rk->continuous.size());
    for (std::size_t i = 0; i < rk->continuous.size(); ++i)
      rk->continuous_quantile[i] = out.ranking_quantiles[i % kNumContinuous].transform(rk->continuous[i]);
  }
}

}  // namespace simrec::datasets
