#include "algorithms/youtube_dnn/ranker_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"

namespace simrec::algorithms::youtube_dnn {

std::int64_t rank_field_value(const datasets::RankingSamples& s, std::size_t r, RankField f) {
  switch (f) {
    case RankField::Channel: return s.channel[r];
    case RankField::Genre: return s.genre[r];
    case RankField::Region: return s.region[r];
    case RankField::Device: return s.device[r];
    case RankField::AgeBucket: return s.age_bucket[r];
    case RankField::Gender: return s.gender[r];
    case RankField::LoggedIn: return s.logged_in[r];
    case RankField::UserGroup: return s.user_group[r];
    case RankField::Position: return s.position[r];
  }
  return 0;
}

std::int64_t log_embedding_dim(std::int64_t rows, double scale, std::int64_t max_dim) {
  const double d = std::round(scale * std::log(double(std::max<std::int64_t>(rows, 1))));
  return std::clamp<std::int64_t>(std::int64_t(d), 1, std::max<std::int64_t>(max_dim, 1));
}

std::int64_t RankerShape::video_dim() const {
  return video_embedding_dim > 0 ? video_embedding_dim : log_embedding_dim(videos, embedding_scale, max_embedding_dim);
}
std::int64_t RankerShape::field_dim(RankField f) const {
  return log_embedding_dim(field_rows[std::size_t(f)], embedding_scale, max_embedding_dim);
}
int RankerShape::reals() const { return int(datasets::kNumContinuous) * (powers ? 3 : 1); }

namespace {
bool field_used(const RankerShape& s, std::size_t f) { return f != std::size_t(RankField::Position) || s.position; }
}  // namespace

RankerBatch make_ranker_batch(const datasets::RankingSamples& s, const std::vector<std::size_t>& rows, const RankerShape& shape,
                              std::size_t max_recent, bool weighted) {
  constexpr std::size_t F = datasets::kNumContinuous;
  RankerBatch b;
  b.size = rows.size();
  const std::size_t R = std::size_t(shape.reals());
  std::vector<float> reals(rows.size() * R), targets(rows.size()), weights(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    b.video.push_back(s.video[r]);
    const auto recent = s.recent_of(r);
    for (std::size_t k = recent.size() > max_recent ? recent.size() - max_recent : 0; k < recent.size(); ++k)
      b.recent_ids.push_back(recent[k]);
    b.recent_offsets.push_back(std::int64_t(b.recent_ids.size()));
    for (std::size_t f = 0; f < kRankFields; ++f)
      if (field_used(shape, f)) b.fields[f].push_back(rank_field_value(s, r, RankField(f)));
    float* x = &reals[i * R];
    for (std::size_t f = 0; f < F; ++f) {
      const float q = s.continuous_quantile[r * F + f];
      x[f] = q;
      if (shape.powers) {
        x[F + f] = q * q;
        x[2 * F + f] = std::sqrt(q);
      }
    }
    targets[i] = float(s.click[r]);
    weights[i] = weighted ? s.weight[r] : 1.0f;
  }
  const auto B = std::int64_t(rows.size());
  b.reals = nn::Tensor::from({B, std::int64_t(R)}, reals);
  b.targets = nn::Tensor::from({B}, targets);
  b.weights = nn::Tensor::from({B}, weights);
  return b;
}

RankerModel::RankerModel(const RankerShape& s) : shape_(s) {
  if (s.videos <= 0) throw std::invalid_argument("youtube_rank: the video vocabulary is empty: nothing to learn");
  for (std::int64_t w : s.tower)
    if (w <= 0) throw std::invalid_argument("youtube_rank: tower width " + std::to_string(w) + " is not positive");
  const auto table = [&](const std::string& name, std::int64_t rows, std::int64_t dim) {
    const double std_dev = s.embedding_init_std > 0 ? s.embedding_init_std : 1.0 / std::sqrt(double(dim));
    nn::Tensor t = register_parameter(name, nn::Tensor::zeros({std::max<std::int64_t>(rows, 1), dim}), nn::Init::normal(0.0, std_dev));
    t.set_sparse_grad(true);
    return t;
  };
  video_table_ = table("video_embedding", s.videos, s.video_dim());
  for (std::size_t f = 0; f < kRankFields; ++f)
    if (field_used(s, f)) field_tables_[f] = table(std::string(kRankFieldNames[f]) + "_embedding", s.field_rows[f], s.field_dim(RankField(f)));
  std::vector<std::int64_t> widths{input_width()};
  widths.insert(widths.end(), s.tower.begin(), s.tower.end());
  widths.push_back(1);
  tower_ = std::make_unique<nn::MLP>(widths);
  register_module("tower", *tower_);
  for (std::size_t k = 0; k < tower_->depth(); ++k) {
    set_init("tower." + std::to_string(k) + ".weight", nn::Init::kaiming_uniform(0.0));
    set_init("tower." + std::to_string(k) + ".bias", nn::Init::zeros());
  }
}

std::int64_t RankerModel::input_width() const {
  std::int64_t w = 2 * shape_.video_dim() + shape_.reals();
  for (std::size_t f = 0; f < kRankFields; ++f)
    if (field_used(shape_, f)) w += shape_.field_dim(RankField(f));
  return w;
}

void RankerModel::set_output_bias(double c) {
  nn::Tensor bias = tower_->layer(tower_->depth() - 1).bias();
  bias.fill(c);
}

nn::Tensor RankerModel::logits(const RankerBatch& b) const {
  require_initialized("RankerModel");
  std::vector<nn::Tensor> parts;
  parts.push_back(nn::embedding(video_table_, b.video));
  parts.push_back(nn::embedding_bag(video_table_, b.recent_ids, b.recent_offsets, nn::BagMode::Mean));
  for (std::size_t f = 0; f < kRankFields; ++f)
    if (field_tables_[f].defined()) parts.push_back(nn::embedding(field_tables_[f], b.fields[f]));
  parts.push_back(b.reals);
  const nn::Tensor z = tower_->forward(nn::concat(parts, 1));  // [B, 1]
  return nn::reshape(z, {std::int64_t(b.size)});
}

nn::Tensor weighted_logistic_loss(const nn::Tensor& logits, const nn::Tensor& targets, const nn::Tensor& weights) {
  return nn::bce_with_logits(logits, targets, weights, nn::Reduction::Mean);
}

double constant_log_odds(const datasets::RankingSamples& rows, bool weighted) {
  double positive = 0, negative = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double w = weighted ? double(rows.weight[r]) : 1.0;
    (rows.click[r] ? positive : negative) += w;
  }
  if (positive <= 0 || negative <= 0) return 0.0;  // one class only: no finite optimum; start at even odds
  return std::log(positive / negative);
}

}  // namespace simrec::algorithms::youtube_dnn
