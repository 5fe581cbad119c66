#include "algorithms/adascene/aggregation/affinity_probe.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "nn/core/autograd.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/unary.hpp"

namespace simrec::algorithms::adascene::aggregation {

AffinityProbe::AffinityProbe(const std::vector<std::uint32_t>& field_buckets, std::uint32_t num_scenarios, std::int64_t embedding_dim,
                             std::int64_t expert_width, std::vector<bool> dropped)
    : num_scenarios_(num_scenarios), dropped_(std::move(dropped)), input_(kept_buckets(field_buckets, dropped_), 0, embedding_dim),
      delta_(num_scenarios, expert_width, true),
      c_(num_scenarios, 1, true) {
  register_module("input", input_);
  const std::int64_t D = input_.out_features(), H = expert_width;
  W_ = register_parameter("expert_weight", nn::Tensor::zeros({H, D}), nn::Init::kaiming_uniform(std::sqrt(5.0)));
  b_ = register_parameter("expert_bias", nn::Tensor::zeros({H}), nn::Init::uniform(-1.0 / std::sqrt(double(D)), 1.0 / std::sqrt(double(D))));
  u_ = register_parameter("head_shared", nn::Tensor::zeros({H}), nn::Init::uniform(-1.0 / std::sqrt(double(H)), 1.0 / std::sqrt(double(H))));
  register_module("head_delta", delta_);
  register_module("head_bias", c_);
  set_init("head_delta.weight", nn::Init::zeros());
  set_init("head_bias.weight", nn::Init::zeros());
}

std::vector<std::uint32_t> AffinityProbe::kept_buckets(std::vector<std::uint32_t> buckets, const std::vector<bool>& dropped) {
  if (!dropped.empty() && dropped.size() != buckets.size())
    throw std::invalid_argument("AffinityProbe: " + std::to_string(dropped.size()) + " dropped-field flags for " + std::to_string(buckets.size()) +
                                " fields");
  for (std::size_t f = 0; f < dropped.size(); ++f)
    if (dropped[f]) buckets[f] = 1;
  return buckets;
}

nn::Tensor AffinityProbe::embed(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key,
                                std::span<const std::size_t> rows, ProbeBatch& batch) const {
  multitask::InputBatch in;
  in.rows = rows.size();
  const std::size_t F = table.num_fields();
  in.ids.assign(F, std::vector<std::int64_t>(rows.size()));
  batch.keys.resize(rows.size());
  batch.y.resize(rows.size());
  std::map<std::uint32_t, std::vector<std::int64_t>> by_scenario;  // ordered: present ascending
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t f = 0; f < F; ++f) in.ids[f][i] = dropped_.empty() || !dropped_[f] ? std::int64_t(table.cat(rows[i], f)) : 0;
    batch.keys[i] = std::int64_t(key[rows[i]]);
    batch.y[i] = table.click[rows[i]];
    by_scenario[key[rows[i]]].push_back(std::int64_t(i));
  }
  batch.present.clear();
  batch.rows_of.clear();
  for (auto& [s, r] : by_scenario) batch.present.push_back(s), batch.rows_of.push_back(std::move(r));
  nn::Tensor x = input_.forward(in);
  batch.x = x.detach();
  return x;
}

nn::Tensor AffinityProbe::logits(const nn::Tensor& x, const std::vector<std::int64_t>& keys, const nn::Tensor& W, const nn::Tensor& b,
                                 bool heads_with_grad) const {
  const std::int64_t B = std::int64_t(keys.size());
  const nn::Tensor h = nn::relu(nn::linear(x, W, b));  // [B, H]
  const nn::Tensor delta = heads_with_grad ? delta_.forward(keys) : nn::index_select(delta_.weight().detach(), keys);
  const nn::Tensor c = heads_with_grad ? c_.forward(keys) : nn::index_select(c_.weight().detach(), keys);
  const nn::Tensor u = heads_with_grad ? u_ : u_.detach();
  return nn::reshape(nn::sum(h * (delta + u), {1}, true) + c, {B});
}

std::pair<nn::Tensor, nn::Tensor> AffinityProbe::unflatten(const std::vector<float>& flat) const {
  const std::int64_t H = W_.dim(0), D = W_.dim(1);
  std::vector<float> w(flat.begin(), flat.begin() + H * D), bias(flat.begin() + H * D, flat.end());
  return {nn::Tensor::from({H, D}, w), nn::Tensor::from({H}, bias)};
}

std::vector<float> AffinityProbe::expert_flat() const {
  std::vector<float> flat(W_.data<float>(), W_.data<float>() + W_.numel());
  flat.insert(flat.end(), b_.data<float>(), b_.data<float>() + b_.numel());
  return flat;
}

std::vector<float> AffinityProbe::scenario_gradient(const ProbeBatch& batch, std::size_t k, const std::vector<float>& flat) const {
  auto [W, b] = unflatten(flat);
  W.set_requires_grad();
  b.set_requires_grad();
  const std::vector<std::int64_t>& rows = batch.rows_of[k];
  std::vector<std::int64_t> keys(rows.size(), std::int64_t(batch.present[k]));
  std::vector<float> y(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) y[i] = batch.y[std::size_t(rows[i])];
  const nn::Tensor loss = nn::bce_with_logits(logits(nn::index_select(batch.x, rows), keys, W, b, false),
                                              nn::Tensor::from({std::int64_t(rows.size())}, y));
  loss.backward();
  const nn::Tensor dW = W.grad(), db = b.grad();
  std::vector<float> g(dW.data<float>(), dW.data<float>() + dW.numel());
  g.insert(g.end(), db.data<float>(), db.data<float>() + db.numel());
  return g;
}

std::vector<double> AffinityProbe::scenario_losses(const ProbeBatch& batch, const std::vector<float>& flat) const {
  nn::NoGradGuard no_grad;
  const auto [W, b] = unflatten(flat);
  const nn::Tensor z = logits(batch.x, batch.keys, W, b, false);
  const float* zv = z.data<float>();
  std::vector<double> loss(batch.present.size(), 0.0);
  for (std::size_t k = 0; k < batch.present.size(); ++k) {
    for (std::int64_t r : batch.rows_of[k]) {
      const double v = zv[r];
      // BCE with logits, stable form: max(v, 0) - v y + log(1 + exp(-|v|)).
      loss[k] += std::max(v, 0.0) - v * double(batch.y[std::size_t(r)]) + std::log1p(std::exp(-std::abs(v)));
    }
    loss[k] /= double(batch.rows_of[k].size());
  }
  return loss;
}

}  // namespace simrec::algorithms::adascene::aggregation
