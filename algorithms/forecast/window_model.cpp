#include "algorithms/forecast/window_model.hpp"

#include <stdexcept>

namespace simrec::algorithms::forecast {

const std::array<const char*, kMaxFeatures> kFeatureNames = {"region", "age", "gender", "member", "weekday",
                                                             "holiday_type", "days_to_holiday", "days_after_holiday"};

std::int64_t WindowModelConfig::vocabulary(int feature) const {
  if (feature < 4) return dim_sizes[std::size_t(feature)] + 1;
  if (feature == 4) return 7;
  if (feature == 5) return 4;
  return holiday_horizon + 1;
}

WindowModel::WindowModel(const WindowModelConfig& c)
    : config_(c),
      lstm_(c.num_features() * c.embedding_dim + 1, c.hidden_size, c.num_layers),
      head1_(c.hidden_size, c.hidden_size),
      head2_(c.hidden_size, 1) {
  for (int f = 0; f < c.num_features(); ++f) {
    embeddings_.push_back(std::make_unique<nn::Embedding>(c.vocabulary(f), c.embedding_dim, /*sparse_grad=*/false));
    emb_root_.add(kFeatureNames[std::size_t(f)], *embeddings_.back());
  }
  register_module("emb", emb_root_);
  register_module("lstm", lstm_);
  register_module("head1", head1_);
  register_module("head2", head2_);
}

nn::Tensor WindowModel::forward(const WindowBatch& b) const {
  const std::int64_t W = b.window, B = b.batch;
  if (std::int64_t(b.label_z.size()) != W * B)
    throw std::invalid_argument("WindowModel: " + std::to_string(b.label_z.size()) + " labels for a " + std::to_string(W) +
                                " x " + std::to_string(B) + " window batch");
  std::vector<nn::Tensor> parts;
  for (int f = 0; f < config_.num_features(); ++f) parts.push_back((*embeddings_[std::size_t(f)])(b.ids[std::size_t(f)], nn::Shape{W, B}));
  parts.push_back(nn::Tensor::from(nn::Shape{W, B, 1}, b.label_z));
  const nn::Tensor x = nn::concat(parts, 2);  // [W, B, C]
  const nn::LSTMOutput r = lstm_(x);
  return head2_(nn::tanh(head1_(r.final.h.back())));
}

}  // namespace simrec::algorithms::forecast
