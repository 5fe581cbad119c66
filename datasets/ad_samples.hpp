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
//     user     interest_tag_1, interest_tag_2 (only with AdSampleConfig::interest_tags = 1; below)
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
// Interest tags (interest_tags = 1): what real ad CTR models get from behaviour history -- the
// user's interests as categories. interest_tag_1 / _2 are the two sub-genres s1, s2 whose centres
// build the personal part of the user's taste u* (UserProfile::personal_subgenres_a, the draws of
// stream user/profile; sim/world/users.hpp), in [0, num_subgenres). Each is independently replaced
// with probability interest_tag_noise by a uniformly drawn sub-genre (which may be the true one
// again, so the share of wrong tags is noise x (1 - 1 / num_subgenres)); the noise comes from
// stream ad_data/interest_tag indexed by user id (per tag: the replace draw, then the sub-genre,
// tag 1 first), so a user's tags are the same in every split and row, and for any thread count.
// With interest_tags = 0 (the default) the tables are exactly those without the knob.
//
// Splits (datasets/time_split.hpp): days [0, train_days) train, the next validation_days
// validation, the next test_days test; later days are dropped. Per-scenario rows and clicks of
// every split are counted (head vs tail reporting: rank scenarios by training rows).

#include <array>
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
  int interest_tags = 0;            // 1: add the fields interest_tag_1, interest_tag_2 (above)
  double interest_tag_noise = 0.2;  // [0, 1]: probability that a tag is replaced by a uniform sub-genre
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

// The interest tags of one user (above): [0] = interest_tag_1, [1] = interest_tag_2.
std::array<std::uint32_t, 2> ad_interest_tags(const sim::ads::AdWorld& world, const sim::UserProfile& user, double noise);

// Generates the world's click log and splits it. Throws std::invalid_argument when the split needs
// more days than the world has, a split length is not positive (train) / negative, or an interest
// tag knob is out of range (the message names it).
AdSamples make_ad_samples(const sim::ads::AdWorld& world, const AdSampleConfig& config = {});

}  // namespace simrec::datasets
