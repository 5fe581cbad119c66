#pragma once
// The YouTube ranking network (SPEC §6; article 000 §4, fig. 7). B = impressions in a batch.
//
// Categorical inputs, each embedded and fed to the tower separately (concatenated):
//   video      the impression's video id             } ONE shared table "video_embedding"
//   recent     mean of the user's last watched ids    } [V, E_video] (the global video-id space)
//   channel, genre, region, device, age_bucket, gender, logged_in, user_group, and position
//   (only when RankerShape::position): one table each, "<field>_embedding" [V_f, E_f].
// Rows V_f: video and channel = the dataset's top-N vocabularies without their OOV bucket; the
// bucket's index (= V_f) lies past the last row, so it reads the zero vector and is never trained
// (the engine's embedding rule: "the rest of the vocabulary -> zero embedding"). The small spaces
// get (largest training id + 1) rows: an id never seen in training also reads zeros.
// Embedding width (article: "dimension increasing approximately proportional to the logarithm of
// the number of unique values"):  E_f = clamp(round(k ln V_f), 1, E_max),  k = embedding_scale,
// E_max = max_embedding_dim; video_embedding_dim > 0 overrides E_video. With the default k = 4:
// V = 2 -> 3, 6 -> 7, 20 -> 12, 200 -> 21, 2500 -> 31, 100k -> 46.
// Tables start N(0, s^2), s = embedding_init_std or 1/sqrt(E_f); row-sparse gradients.
//
// Continuous inputs: x~ = the dataset's continuous_quantile (training CDF, in [0, 1)) of each of
// the kNumContinuous features, followed, when powers, by all x~^2 and then all sqrt(x~) (the
// article's super- and sub-linear inputs): 3 x 6 = 18 reals, else 6.
//
// Tower: x [B, in] -> h_1 = ReLU(W_1 x + b_1) -> ... -> h_L -> logit z = w . h_L + c  [B];
// hidden widths = RankerShape::tower (empty: logistic regression z = w . x + c). Hidden weights
// He-uniform (variance 2 / fan_in), biases zero; the output layer the same, and its bias c is
// set by the caller (the ranker starts it at the constant model's log-odds).
//
// Loss, weighted logistic regression (article §4.2):  L = sum_i w_i BCE(z_i, y_i) / B with
// y = click, w = watch seconds for a click and 1 otherwise (the dataset's `weight` column), or
// w = 1 everywhere (plain CTR regression). The odds e^z of the fitted model approximate
// sum T / (N - k) ~ E[T] (N impressions, k clicks): e^z is the expected watch time per impression.
// A constant model's optimum is z = log(sum of positive weights / sum of negative weights)
// (constant_log_odds).

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "datasets/ranking_samples.hpp"
#include "nn/layers/mlp.hpp"
#include "nn/module.hpp"

namespace simrec::algorithms::youtube_dnn {

enum class RankField { Channel, Genre, Region, Device, AgeBucket, Gender, LoggedIn, UserGroup, Position };
inline constexpr std::size_t kRankFields = 9;
inline constexpr std::array<const char*, kRankFields> kRankFieldNames = {
    "channel", "genre", "region", "device", "age_bucket", "gender", "logged_in", "user_group", "position"};

// The value of `field` in row r of `rows` (vocabulary index for channel, raw id otherwise).
std::int64_t rank_field_value(const datasets::RankingSamples& rows, std::size_t r, RankField field);

// E = clamp(round(scale ln rows), 1, max_dim).
std::int64_t log_embedding_dim(std::int64_t rows, double scale, std::int64_t max_dim);

struct RankerShape {
  std::int64_t videos = 0;                          // V: rows of the shared video table
  std::array<std::int64_t, kRankFields> field_rows{};  // V_f per field (position ignored unless position)
  bool position = false;
  bool powers = true;
  std::vector<std::int64_t> tower;                  // hidden widths, bottom first; empty = LR
  double embedding_scale = 4.0;
  std::int64_t max_embedding_dim = 64;
  std::int64_t video_embedding_dim = 0;             // 0: the log rule
  double embedding_init_std = 0.0;                  // 0: 1/sqrt(E)

  std::int64_t video_dim() const;
  std::int64_t field_dim(RankField f) const;
  int reals() const;  // continuous inputs: 6 or 18
};

// One batch of inputs and labels, laid out for the engine's ops.
struct RankerBatch {
  std::size_t size = 0;
  std::vector<std::int64_t> video, recent_ids, recent_offsets{0};
  std::array<std::vector<std::int64_t>, kRankFields> fields;  // position left empty unless used
  nn::Tensor reals;    // [B, reals]
  nn::Tensor targets;  // [B] click in {0, 1}
  nn::Tensor weights;  // [B] watch seconds for clicks, 1 otherwise (weighted); 1 (unweighted)
};

// Rows `rows` of `samples`; at most `max_recent` most recent watches per bag.
RankerBatch make_ranker_batch(const datasets::RankingSamples& samples, const std::vector<std::size_t>& rows,
                              const RankerShape& shape, std::size_t max_recent, bool weighted);

class RankerModel : public nn::Module {
 public:
  explicit RankerModel(const RankerShape& shape);

  nn::Tensor logits(const RankerBatch& batch) const;  // [B]
  std::int64_t input_width() const;
  const RankerShape& shape() const { return shape_; }
  // Sets the output layer's bias c (e.g. to constant_log_odds of the training rows).
  void set_output_bias(double c);

 private:
  RankerShape shape_;
  nn::Tensor video_table_;
  std::array<nn::Tensor, kRankFields> field_tables_;  // undefined for an unused field
  std::unique_ptr<nn::MLP> tower_;
};

// L = sum_i w_i BCE(z_i, y_i) / B, a 0-D tensor (nn::bce_with_logits, Reduction::Mean).
nn::Tensor weighted_logistic_loss(const nn::Tensor& logits, const nn::Tensor& targets, const nn::Tensor& weights);

// log(sum over clicked rows of w / sum over unclicked rows of w): the optimum of a constant model.
double constant_log_odds(const datasets::RankingSamples& rows, bool weighted);

}  // namespace simrec::algorithms::youtube_dnn
