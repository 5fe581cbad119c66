#include "scenarios/ranking_policy.hpp"

#include <algorithm>
#include <numeric>

#include "sim/world/attention.hpp"

namespace simrec::scenarios {

RankingSlatePolicy::RankingSlatePolicy(algorithms::RankingAlgorithm& algorithm, const sim::World& world,
                                       const datasets::VideoDatasets& data, const datasets::DatasetConfig& config,
                                       RankingCandidates candidates)
    : algorithm_(&algorithm), world_(&world), data_(&data), config_(config), options_(candidates) {
  const sim::Catalog& cat = world.catalog();
  by_channel_.resize(cat.num_channels());
  by_genre_.resize(cat.num_genres());
  for (const sim::VideoId v : data.video_vocab.keys()) {  // most watched first
    auto& c = by_channel_[cat.video_channel[v]];
    if (c.size() < options_.per_channel) c.push_back(v);
    auto& g = by_genre_[cat.video_genre[v]];
    if (g.size() < options_.per_genre) g.push_back(v);
  }
}

std::vector<sim::VideoId> RankingSlatePolicy::candidates(const sim::SlateRequest& request) const {
  const sim::Catalog& cat = world_->catalog();
  std::vector<sim::VideoId> out;
  const auto add = [&](sim::VideoId v) {
    if (sim::is_uploaded(cat, v, request.time_seconds) && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  const auto keys = data_->video_vocab.keys();
  for (std::size_t i = 0; i < std::min(options_.popular, keys.size()); ++i) add(keys[i]);
  std::vector<std::uint32_t> channels, genres;
  const auto& watches = request.history.watches;
  for (std::size_t i = watches.size(), seen = 0; i > 0 && seen < options_.recent; --i, ++seen) {
    const sim::VideoId v = watches[i - 1].video;
    if (std::find(channels.begin(), channels.end(), cat.video_channel[v]) == channels.end()) channels.push_back(cat.video_channel[v]);
    if (std::find(genres.begin(), genres.end(), cat.video_genre[v]) == genres.end()) genres.push_back(cat.video_genre[v]);
  }
  for (std::uint32_t c : channels)
    for (sim::VideoId v : by_channel_[c]) add(v);
  for (std::uint32_t g : genres)
    for (sim::VideoId v : by_genre_[g]) add(v);
  return out;
}

datasets::RankingSamples RankingSlatePolicy::candidate_rows(const sim::SlateRequest& request, std::span<const sim::VideoId> videos) const {
  const sim::Catalog& cat = world_->catalog();
  const auto& demo = request.user.demo;
  const auto& watches = request.history.watches;
  const double t = request.time_seconds;
  datasets::RankingSamples s;
  // The user's recent watches, shared by every row of the page.
  const std::size_t h = std::size_t(config_.ranking_history);
  std::vector<std::uint32_t> recent;
  for (std::size_t i = watches.size() > h ? watches.size() - h : 0; i < watches.size(); ++i)
    recent.push_back(data_->video_vocab.index(watches[i].video));
  for (const sim::VideoId v : videos) {
    s.user_id.push_back(request.user.id);
    s.video.push_back(data_->video_vocab.index(v));
    s.video_raw.push_back(v);
    s.channel.push_back(data_->channel_vocab.index(cat.video_channel[v]));
    s.genre.push_back(cat.video_genre[v]);
    s.region.push_back(demo.region);
    s.position.push_back(1);
    s.user_group.push_back(std::uint8_t(request.user.group));
    s.age_bucket.push_back(demo.age_bucket);
    s.gender.push_back(demo.gender);
    s.device.push_back(demo.device);
    s.logged_in.push_back(demo.logged_in);
    // The simulator advances the page counter before asking for the page's slate.
    const std::uint32_t page = request.history.page_counter > 0 ? request.history.page_counter - 1 : 0;
    s.page_key.push_back((std::uint64_t(request.user.id) << 32) | page);
    s.time_seconds.push_back(t);
    const sim::HistoryFeatures hf = world_->history_features(request.history, v, t);
    s.continuous.push_back(cat.video_duration_seconds[v]);
    s.continuous.push_back(float((t - cat.video_upload_seconds[v]) / sim::kSecondsPerHour));
    s.continuous.push_back(float(hf.channel_watches));
    s.continuous.push_back(hf.hours_since_topic_watch < 0 ? datasets::kNeverHours : hf.hours_since_topic_watch);
    s.continuous.push_back(float(hf.video_impressions));
    s.continuous.push_back(float(watches.size()));
    for (auto* c : {&s.click, &s.finish, &s.skip, &s.like, &s.share}) c->push_back(0);
    s.watch_seconds.push_back(0);
    s.completion_ratio.push_back(0);
    s.weight.push_back(1);
    s.propensity.push_back(1);
    s.recent_watches.insert(s.recent_watches.end(), recent.begin(), recent.end());
    s.recent_offsets.push_back(s.recent_watches.size());
  }
  s.continuous_quantile.resize(s.continuous.size());
  for (std::size_t i = 0; i < s.continuous.size(); ++i)
    s.continuous_quantile[i] = data_->ranking_quantiles[i % datasets::kNumContinuous].transform(s.continuous[i]);
  return s;
}

void RankingSlatePolicy::recommend(const sim::SlateRequest& request, random::Rng&, std::vector<sim::SlateItem>& out) const {
  out.clear();
  const std::vector<sim::VideoId> videos = candidates(request);
  if (videos.empty()) return;
  const datasets::RankingSamples rows = candidate_rows(request, videos);
  std::vector<float> scores;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    scores = algorithm_->score(rows);
  }
  std::vector<std::size_t> order(videos.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  const std::size_t k = std::min<std::size_t>(request.slate_size, order.size());
  std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(),
                    [&](std::size_t a, std::size_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  for (std::size_t i = 0; i < k; ++i) out.push_back({videos[order[i]], 1.0f});
}

}  // namespace simrec::scenarios
