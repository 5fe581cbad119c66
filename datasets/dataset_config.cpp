#include "datasets/dataset_config.hpp"

#include <vector>

namespace simrec::datasets {

namespace {
using C = DatasetConfig;
#define K(field, lo, hi, help) SIMREC_KNOB(C, field, lo, hi, help)
const std::vector<config::Knob<C>>& table() {
  static const std::vector<config::Knob<C>> t = {
      K(train_days, 1, 3650, "training days at the start of the window"),
      K(validation_days, 0, 3650, "validation days after the training days"),
      K(test_days, 1, 3650, "test days after the validation days"),
      K(filter_abnormal_watch, 0, 1, "drop watches / impressions with abnormal watch times (1 = on)"),
      SIMREC_KNOB_POS(C, max_watch_ratio, 0, 1e6, "abnormal: recorded watch seconds > ratio x duration"),
      SIMREC_KNOB_POS(C, max_watch_seconds, 0, 1e9, "abnormal: recorded watch seconds above this"),
      K(filter_video_duration, 0, 1, "drop events of videos outside the duration range (1 = on)"),
      K(min_video_seconds, 0, 1e9, "shortest kept video duration (the article: 5 s)"),
      K(max_video_seconds, 0, 1e9, "longest kept video duration (the article: 3 h)"),
      K(filter_min_video_views, 0, 1, "drop events of videos with too few training views (1 = on)"),
      K(min_video_views, 0, 1e9, "fewest training-window views a kept video has (the article: 5)"),
      K(filter_min_user_interactions, 0, 1, "drop users with too few training interactions (1 = on)"),
      K(min_user_interactions, 0, 1e9, "fewest training-window watches a kept user has (the article: 5)"),
      K(retrieval_samples_per_user, 1, 1e6, "training examples per user (fixed count: the article's trick)"),
      K(retrieval_test_samples_per_user, 1, 1e6, "test / validation examples per user"),
      K(label_mode, 0, 1, "retrieval label: 0 = next watch (rollback), 1 = random hold-out"),
      K(max_history, 1, 100000, "most recent watches in a retrieval / ranking history"),
      K(max_search_tokens, 0, 100000, "most recent search tokens in a retrieval example"),
      K(use_bigrams, 0, 1, "add query bigrams to the search tokens (1 = on)"),
      K(ranking_impressions_per_user, 0, 1e9, "cap on training impressions per user, whole pages (0 = all)"),
      K(ranking_history, 0, 100000, "last watched ids in a ranking example"),
      K(video_vocab_size, 0, 1e9, "video vocabulary: top-N by training watches, the rest -> OOV (0 = all)"),
      K(channel_vocab_size, 0, 1e9, "channel vocabulary size (0 = all)"),
      K(token_vocab_size, 0, 1e9, "search token vocabulary size (0 = all)"),
      K(quantile_bins, 1, 1e7, "quantile normaliser resolution (knots - 1)"),
  };
  return t;
}
#undef K
}  // namespace

std::span<const config::Knob<DatasetConfig>> dataset_knobs() { return table(); }

void DatasetConfig::validate(std::int64_t world_days) const {
  config::check_knobs<DatasetConfig>(*this, dataset_knobs(), "data");
  using config::format_value;
  if (train_days >= world_days)
    throw config::ConfigError("data.train_days = " + format_value(double(train_days)) + " is out of range: allowed [1, " +
                              format_value(double(world_days - 1)) + "] (must leave test days in sim.num_days = " +
                              format_value(double(world_days)) + ")");
  const std::int64_t used = train_days + validation_days + test_days;
  if (used > world_days)
    throw config::ConfigError("data.train_days + data.validation_days + data.test_days = " + format_value(double(used)) +
                              " is out of range: allowed [2, sim.num_days = " + format_value(double(world_days)) + "]");
  if (min_video_seconds > max_video_seconds)
    throw config::ConfigError("data.min_video_seconds = " + format_value(min_video_seconds) +
                              " is out of range: allowed [0, data.max_video_seconds = " + format_value(max_video_seconds) + "]");
}

std::string DatasetConfig::to_text() const { return config::knobs_to_text<DatasetConfig>(*this, dataset_knobs()); }
std::uint64_t DatasetConfig::hash() const { return config::text_hash(to_text()); }
void DatasetConfig::set(std::string_view name, std::string_view value) {
  config::set_knob<DatasetConfig>(*this, dataset_knobs(), "data", name, value);
}

}  // namespace simrec::datasets
