#include "algorithms/youtube_dnn/candidate_model.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nn/ops/indexing.hpp"
#include "nn/ops/shape_ops.hpp"

namespace simrec::algorithms::youtube_dnn {

namespace {
nn::Init table_init(std::int64_t dim) { return nn::Init::normal(0.0, 1.0 / std::sqrt(double(dim))); }
}  // namespace

std::vector<std::int64_t> tower_widths(std::int64_t in, int depth, std::int64_t output_dim) {
  std::vector<std::int64_t> w{in};
  for (int layer = depth - 1; layer >= 1; --layer) w.push_back(output_dim << layer);
  w.push_back(output_dim);
  return w;
}

CandidateModel::CandidateModel(const ModelShape& s) : shape_(s) {
  if (s.depth < 0 || s.depth > 4) throw std::invalid_argument("youtube_dnn: depth = " + std::to_string(s.depth) + " is out of range: allowed [0, 4]");
  if (s.videos <= 0) throw std::invalid_argument("youtube_dnn: the video vocabulary is empty: nothing to learn");
  if (s.tied && s.embedding_dim != s.output_dim)
    throw std::invalid_argument("youtube_dnn: tie_embeddings needs embedding_dim = output_dim, got embedding_dim = " +
                                std::to_string(s.embedding_dim) + " and output_dim = " + std::to_string(s.output_dim));
  const auto table = [&](const char* name, std::int64_t rows, std::int64_t dim) {
    const nn::Init rule = s.embedding_init_std > 0 && std::string(name) != "output_embedding" ? nn::Init::normal(0.0, s.embedding_init_std)
                                                                                               : table_init(dim);
    nn::Tensor t = register_parameter(name, nn::Tensor::zeros({std::max<std::int64_t>(rows, 1), dim}), rule);
    t.set_sparse_grad(true);
    return t;
  };
  if (s.features.watches || s.tied) watch_table_ = table("watch_embedding", s.videos, s.embedding_dim);
  if (s.features.searches) token_table_ = table("token_embedding", s.tokens, s.embedding_dim);
  if (s.features.demographics) {
    region_table_ = table("region_embedding", s.regions, s.context_dim);
    device_table_ = table("device_embedding", s.devices, s.context_dim);
  }
  if (!s.tied) output_table_ = table("output_embedding", s.videos, s.output_dim);
  if (s.output_bias) output_bias_ = register_parameter("output_bias", nn::Tensor::zeros({s.videos}), nn::Init::zeros());
  nn::MLPOptions tower;
  tower.final_activation = s.depth > 0;  // depth 0 is the linear map; deeper towers end in ReLU
  tower_ = std::make_unique<nn::MLP>(tower_widths(input_width(), s.depth, s.output_dim), tower);
  register_module("tower", *tower_);
  if (s.he_init)
    for (std::size_t k = 0; k < tower_->depth(); ++k) {
      set_init("tower." + std::to_string(k) + ".weight", nn::Init::kaiming_uniform(0.0));
      set_init("tower." + std::to_string(k) + ".bias", nn::Init::zeros());
    }
}

std::int64_t CandidateModel::input_width() const {
  const FeatureSet& f = shape_.features;
  return (f.watches ? shape_.embedding_dim : 0) + (f.searches ? shape_.embedding_dim : 0) +
         (f.demographics ? 2 * shape_.context_dim : 0) + real_inputs(f);
}

nn::Tensor CandidateModel::user_vectors(const InputBatch& b) const {
  require_initialized("CandidateModel");
  const FeatureSet& f = shape_.features;
  std::vector<nn::Tensor> parts;
  if (f.watches) parts.push_back(nn::embedding_bag(watch_table_, b.watch_ids, b.watch_offsets, nn::BagMode::Mean));
  if (f.searches) parts.push_back(nn::embedding_bag(token_table_, b.token_ids, b.token_offsets, nn::BagMode::Mean));
  if (f.demographics) {
    parts.push_back(nn::embedding(region_table_, b.region));
    parts.push_back(nn::embedding(device_table_, b.device));
  }
  if (b.reals.defined()) parts.push_back(b.reals);
  const nn::Tensor x = parts.size() == 1 ? parts.front() : nn::concat(parts, 1);
  return tower_->forward(x);
}

}  // namespace simrec::algorithms::youtube_dnn
