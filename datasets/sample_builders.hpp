#pragma once
// SampleBuilder: turns one user's filtered events (time order) into retrieval and ranking rows,
// keeping raw ids until finish(), which builds the vocabularies from training counts, maps every
// id column to vocabulary indices, and fits the normalisers on the training rows only.
// Internal to build_video_datasets, public so tests can drive it on hand-made event logs.
//
// Retrieval rows of a user (see retrieval_samples.hpp): training labels are up to
// retrieval_samples_per_user watches of the training window, drawn without replacement (stream
// datasets/retrieval_train, user id); validation / test labels up to retrieval_test_samples_per_user
// watches of those windows (streams datasets/retrieval_validation, datasets/retrieval_test).
// Ranking rows: every kept impression, or for training whole pages in random order (stream
// datasets/ranking_pages) until ranking_impressions_per_user would be exceeded (at least one page).

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "datasets/video_datasets.hpp"

namespace simrec::datasets {

class SampleBuilder {
 public:
  SampleBuilder(const sim::World& world, const DatasetConfig& config, const TimeSplit& split, double t_max_seconds);
  void add_user(sim::UserId user, std::span<const sim::Event> events);
  void finish(VideoDatasets& out);

 private:
  struct RawRetrieval {
    RetrievalSamples table;             // label / history hold raw video ids until finish()
    std::vector<std::uint64_t> tokens;  // raw token keys, delimited by table.search_offsets
  };
  void add_retrieval_row(RawRetrieval& t, sim::UserId user, const sim::UserProfile& p, std::size_t label_index,
                         std::span<const std::size_t> history_indices, double search_before_seconds, bool train_searches_only,
                         float example_age_days);
  void add_ranking_rows(RankingSamples& t, sim::UserId user, const sim::UserProfile& p, std::span<const sim::Event> events,
                        Split split);

  const sim::World& world_;
  DatasetConfig config_;
  TimeSplit split_;
  double t_max_;
  // current user
  struct Watch {
    double time;
    sim::VideoId video;
  };
  struct Search {
    double time;
    std::span<const std::uint32_t> tokens;
  };
  std::vector<Watch> watches_;
  std::vector<Search> searches_;
  std::vector<std::size_t> candidates_, history_;
  // tables with raw ids
  RawRetrieval retrieval_[3];
  RankingSamples ranking_[3];
  // training counts for the vocabularies
  std::vector<std::uint64_t> video_counts_, channel_counts_;
  std::unordered_map<std::uint64_t, std::uint64_t> token_counts_;  // looked up only; sorted before use
};

}  // namespace simrec::datasets
