#pragma once
// DatasetConfig: how a generated event stream becomes sample tables (SPEC §4; the scenario
// file's [data] section). Same knob mechanism as the world config (sim/config/knob.hpp): every
// field has a name, default, range and help text; validate() also checks the split against the
// world's window ("train days >= total days" is rejected with the allowed range).
//
// Days: train [0, train_days), validation [train_days, + validation_days), test [.., + test_days);
// the three must fit in the world's num_days. The article's recipe is 7-10 train days, then 1-3
// test days.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/config/knob.hpp"

namespace simrec::datasets {

enum class LabelMode : std::int64_t { NextWatch = 0, RandomHoldout = 1 };

struct DatasetConfig {
  // split
  std::int64_t train_days = 10;
  std::int64_t validation_days = 0;
  std::int64_t test_days = 2;
  // filters (the articles'): each can be switched off
  std::int64_t filter_abnormal_watch = 1;
  double max_watch_ratio = 3.0;
  double max_watch_seconds = 6.0 * 3600.0;
  std::int64_t filter_video_duration = 1;
  double min_video_seconds = 5.0;
  double max_video_seconds = 3.0 * 3600.0;
  std::int64_t filter_min_video_views = 1;
  std::int64_t min_video_views = 5;
  std::int64_t filter_min_user_interactions = 1;
  std::int64_t min_user_interactions = 5;
  // retrieval samples
  std::int64_t retrieval_samples_per_user = 20;
  std::int64_t retrieval_test_samples_per_user = 1;
  std::int64_t label_mode = 0;  // LabelMode
  std::int64_t max_history = 50;
  std::int64_t max_search_tokens = 50;
  std::int64_t use_bigrams = 1;
  // ranking samples
  std::int64_t ranking_impressions_per_user = 0;  // 0: all
  std::int64_t ranking_history = 20;
  // vocabularies (0: everything seen in training) and normalisers
  std::int64_t video_vocab_size = 0;
  std::int64_t channel_vocab_size = 0;
  std::int64_t token_vocab_size = 0;
  std::int64_t quantile_bins = 1000;

  LabelMode mode() const { return LabelMode(label_mode); }
  // Throws config::ConfigError; world_days is the simulator's num_days.
  void validate(std::int64_t world_days) const;
  std::string to_text() const;
  std::uint64_t hash() const;
  void set(std::string_view name, std::string_view value);
};

std::span<const config::Knob<DatasetConfig>> dataset_knobs();

}  // namespace simrec::datasets
