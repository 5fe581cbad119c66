#pragma once
// AdSamples: the ad world's click log (sim/ads) as train / validation / test tables by day, what
// the multi-scenario models (SPEC §6 AdaScene) train on and predict for.
//
// One AdSampleTable per split, columnar (row r of every column is one impression):
//
//   categorical  rows x F bucket ids, field f in [0, field_buckets[f]); fields in this order:
//     user     user_id (vocabulary), region, age_bucket, gender, device, logged_in
//     ad       ad_id (vocabulary), merchant (vocabulary), category
//     context  channel, app, format, slot, hour_of_day, position
//   field_kind[f] says which of the three groups field f belongs to (AKTN's feature adaptation
//   weights fields; a model may drop the context group).
//   click        rows, 0 / 1 (the label)
//   scenario     rows, the raw scenario id (sim/ads/scenarios.hpp) -- the default scenario key; the
//                harness may pass another key per row (a group id from scene aggregation)
//   user         rows, the raw user id (GAUC groups)
//   day          rows, the impression's day
//
// Vocabularies (datasets/vocabulary.hpp) are built on the training split's impressions: user,
// ad and merchant ids seen in training get indices by count (ties by id), the rest share the OOV
// bucket (= vocabulary size, an embedding of zeros). Small domains keep their raw value: region in
// [0, num_regions), category in [0, num_categories), channel / app / format / slot by the
// scenario table's context, hour in [0, 24), position - 1 in [0, feed_positions).
//
// Splits (datasets/time_split.hpp): days [0, train_days) train, the next validation_days
// validation, the next test_days test; later days are dropped. Per-scenario rows and clicks of
// every split are counted (head vs tail reporting: rank scenarios by training rows).

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/vocabulary.hpp"
#include "sim/ads/ad_world.hpp"

namespace simrec::datasets {

enum class AdFieldKind : std::uint8_t { User = 0, Ad = 1, Context = 2 };
const char* ad_field_kind_name(AdFieldKind k);

struct AdSampleTable {
  std::vector<std::string> field_names;
  std::vector<std::uint32_t> field_buckets;
  std::vector<AdFieldKind> field_kind;

  std::size_t rows = 0;
  std::vector<std::uint32_t> categorical;  // rows x num_fields()
  std::vector<float> click;                // rows
  std::vector<std::uint32_t> scenario;     // rows, raw scenario id
  std::vector<std::uint32_t> user;         // rows, raw user id
  std::vector<std::uint16_t> day;          // rows

  std::size_t size() const { return rows; }
  std::size_t num_fields() const { return field_names.size(); }
  std::uint32_t cat(std::size_t r, std::size_t f) const { return categorical[r * num_fields() + f]; }
  // Index of the field called `name`; throws std::invalid_argument naming the known fields.
  std::size_t field(const std::string& name) const;

  // Same schema, rows selected (in the given order).
  AdSampleTable select(const std::vector<std::size_t>& rows) const;
  // Throws std::invalid_argument naming what is inconsistent (column sizes, bucket range).
  void validate() const;
};

struct AdSampleConfig {
  std::int64_t train_days = 5, validation_days = 1, test_days = 1;
  std::size_t user_vocabulary = 0, ad_vocabulary = 0, merchant_vocabulary = 0;  // 0: every id seen in training
  std::uint32_t first_user = 0, num_users = 0;  // 0: every user (AdGenerationOptions)
  int num_threads = 0;                          // generation; 0: OpenMP default
};

struct AdSamples {
  AdSampleTable train, validation, test;
  std::uint32_t num_scenarios = 0;
  // Per scenario id, per split: impressions and clicks.
  std::vector<std::uint64_t> train_rows, validation_rows, test_rows;
  std::vector<std::uint64_t> train_clicks, validation_clicks, test_clicks;
  Vocabulary<std::uint32_t> user_vocabulary, ad_vocabulary, merchant_vocabulary;

  // Scenario ids by training rows, most first (ties by id): the head is a prefix.
  std::vector<std::uint32_t> scenarios_by_traffic() const;
};

// Generates the world's click log and splits it. Throws std::invalid_argument when the split needs
// more days than the world has or a split length is not positive (train) / negative.
AdSamples make_ad_samples(const sim::ads::AdWorld& world, const AdSampleConfig& config = {});

}  // namespace simrec::datasets
