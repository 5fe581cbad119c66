#pragma once
// Serving a trained ranker inside the simulator (SPEC §3 online simulation, §6 ranking; the
// yt-clickbait check of §7): a sim::SlatePolicy that, for every feed page a user opens, gathers a
// candidate set from observable data, builds one RankingSamples row per candidate exactly shaped
// like the dataset's impression rows, scores them with the RankingAlgorithm, and shows the
// slate_size best, best first (ties: earlier candidate first; propensity 1: deterministic).
//
// Candidates (observable data only: training watch counts and catalogue metadata, the user's own
// history; never the world's hidden attention or latent vectors), in this order, deduplicated:
//   1. the `popular` most watched videos of the training window (the video vocabulary's order);
//   2. for each distinct channel among the user's last `recent` watches (newest first), that
//      channel's `per_channel` most watched training videos;
//   3. for each distinct genre among those watches, the genre's `per_genre` most watched videos.
// Only in-vocabulary videos already uploaded at the request time are candidates: videos uploaded
// after training are unknown to any model trained on the window (as in the retrieval policy).
//
// A candidate row (datasets/ranking_samples.hpp, as SampleBuilder writes impressions): video (vocab
// index) and video_raw, channel (vocab index), genre, the user's region and demographics and
// group, position 1 (the page is not laid out yet; only read by a ranker with position = true),
// page_key (user << 32 | the user's page counter), time; continuous = duration, video age in
// hours, the user's earlier watches of the channel, hours since the user's last watch of the
// video's topic (never: kNeverHours), earlier impressions of the video (World::history_features,
// the same observable counters the logs record), the user's watches so far; continuous_quantile =
// the training-fitted quantile normalisers applied to them; recent_watches = the user's last
// data.ranking_history watches mapped to the vocabulary (OOV bucket for unknown videos); labels 0,
// weight 1, propensity 1. (The dataset's rows come from the filtered log, so a user's watch count
// and recent list can differ from the online state where the data filters removed events.)
//
// The simulator calls recommend() from several threads; algorithms are not required to be
// thread-safe, so the scoring call is serialised by a mutex (row building stays parallel). Each
// call's result depends only on the request, so runs are reproducible for any thread count.

#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/video_datasets.hpp"
#include "sim/world/slate_policy.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

struct RankingCandidates {
  std::size_t popular = 50;
  std::size_t recent = 5;
  std::size_t per_channel = 5;
  std::size_t per_genre = 10;
};

class RankingSlatePolicy final : public sim::SlatePolicy {
 public:
  RankingSlatePolicy(algorithms::RankingAlgorithm& algorithm, const sim::World& world, const datasets::VideoDatasets& data,
                     const datasets::DatasetConfig& config, RankingCandidates candidates = {});

  void recommend(const sim::SlateRequest& request, random::Rng& rng, std::vector<sim::SlateItem>& out) const override;

  // The candidate videos of a request (raw ids), and their rows (exposed for tests).
  std::vector<sim::VideoId> candidates(const sim::SlateRequest& request) const;
  datasets::RankingSamples candidate_rows(const sim::SlateRequest& request, std::span<const sim::VideoId> videos) const;

 private:
  algorithms::RankingAlgorithm* algorithm_;
  const sim::World* world_;
  const datasets::VideoDatasets* data_;
  datasets::DatasetConfig config_;
  RankingCandidates options_;
  std::vector<std::vector<sim::VideoId>> by_channel_, by_genre_;  // most watched first
  mutable std::mutex mutex_;
};

}  // namespace simrec::scenarios
