#pragma once
// VideoDatasets: everything the video-recommendation algorithms train and test on, built from one
// world's event stream (SPEC §4): filtered, split by time, as retrieval and ranking tables with
// vocabularies and training-fitted normalisers, plus the provenance needed to prove two runs used
// the same data (config hashes, seed, event-stream hash).
//
// build_video_datasets streams the world twice instead of holding the log: pass 1 counts training
// views (for the min_video_views filter) and the newest training time t_max; pass 2 filters each
// user's block and turns it into rows. Generation is deterministic, so both passes see the same
// stream (the builder checks the two hashes agree). Rows are appended in user order, then time
// order; per-user sampling uses the stream datasets/<table> indexed by user id.

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset_config.hpp"
#include "datasets/filters.hpp"
#include "datasets/normalisers.hpp"
#include "datasets/ranking_samples.hpp"
#include "datasets/retrieval_samples.hpp"
#include "datasets/time_split.hpp"
#include "datasets/vocabulary.hpp"
#include "sim/world/generator.hpp"
#include "sim/world/world.hpp"

namespace simrec::datasets {

struct VideoDatasets {
  // provenance
  std::uint64_t seed = 0, world_config_hash = 0, data_config_hash = 0, event_stream_hash = 0;
  std::string world_config_text, data_config_text;
  TimeSplit split;
  double t_max_seconds = 0;  // newest training watch: example age = t_max - t
  // vocabularies
  Vocabulary<std::uint32_t> video_vocab, channel_vocab;
  Vocabulary<std::uint64_t> token_vocab;  // unigrams and bigram_key(a, b)
  // tables
  RetrievalSamples retrieval_train, retrieval_validation, retrieval_test;
  RankingSamples ranking_train, ranking_validation, ranking_test;
  // normalisers of RankingSamples::continuous, fitted on ranking_train
  std::vector<QuantileNormaliser> ranking_quantiles;
  std::vector<ZScoreNormaliser> ranking_zscores;
  FilterReport filter_report;

  // The cache key: (world config, data config) hash combined; with the seed it names a dataset.
  std::uint64_t config_hash() const;
};

// Validates the data config against the world (ConfigError) and builds the datasets.
VideoDatasets build_video_datasets(const sim::World& world, const DatasetConfig& config,
                                   const sim::GenerationOptions& generation = {});

}  // namespace simrec::datasets
