#include "algorithms/adascene/scene_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "algorithms/common/best_epoch.hpp"
#include "nn/core/autograd.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/unary.hpp"
#include "nn/optim/adagrad.hpp"
#include "nn/optim/adam.hpp"
#include "nn/optim/sgd.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::adascene {

namespace {
constexpr std::size_t kPredictBlock = 4096;

std::vector<std::size_t> block_rows(std::size_t first, std::size_t count) {
  std::vector<std::size_t> rows(count);
  std::iota(rows.begin(), rows.end(), first);
  return rows;
}

std::unique_ptr<nn::Optimizer> make_optimizer(const SceneTrainOptions& t, const std::vector<nn::NamedTensor>& params) {
  if (t.optimizer == "adagrad") {
    nn::AdagradOptions o;
    o.lr = t.learning_rate;
    o.weight_decay = t.weight_decay;
    return std::make_unique<nn::Adagrad>(params, o);
  }
  if (t.optimizer == "sgd") {
    nn::SGDOptions o;
    o.lr = t.learning_rate;
    o.weight_decay = t.weight_decay;
    return std::make_unique<nn::SGD>(params, o);
  }
  nn::AdamOptions o;
  o.lr = t.learning_rate;
  o.weight_decay = t.weight_decay;
  return std::make_unique<nn::Adam>(params, o);
}
}  // namespace

LossWeighting parse_loss_weighting(const std::string& name) {
  if (name == "traffic") return LossWeighting::Traffic;
  if (name == "uniform") return LossWeighting::Uniform;
  if (name == "sqrt") return LossWeighting::Sqrt;
  throw std::invalid_argument("unknown scenario loss weighting '" + name + "'; allowed: traffic, uniform, sqrt");
}

std::vector<double> scenario_alpha(const std::vector<std::uint64_t>& rows, LossWeighting w) {
  std::vector<double> a(rows.size(), 0.0);
  for (std::size_t s = 0; s < rows.size(); ++s)
    if (rows[s] > 0) a[s] = w == LossWeighting::Traffic ? double(rows[s]) : w == LossWeighting::Uniform ? 1.0 : std::sqrt(double(rows[s]));
  const double total = std::accumulate(a.begin(), a.end(), 0.0);
  if (total > 0)
    for (double& v : a) v /= total;
  return a;
}

SceneModel::SceneModel(std::string name, SceneNetConfig net, SceneTrainOptions train, bool scenario_blind)
    : name_(std::move(name)), base_(std::move(net)), options_(std::move(train)), blind_(scenario_blind) {}

SceneModel::~SceneModel() = default;

const SceneNet& SceneModel::net() const {
  if (!net_) throw std::logic_error(name_ + ": the network exists only after fit");
  return *net_;
}

std::vector<std::uint32_t> SceneModel::keys_for(std::span<const std::uint32_t> key, std::size_t rows, const char* what) const {
  if (key.size() != rows)
    throw std::invalid_argument(name_ + ": the " + what + " keys have " + std::to_string(key.size()) + " entries for " +
                                std::to_string(rows) + " rows");
  if (blind_) return std::vector<std::uint32_t>(rows, 0u);
  for (std::size_t r = 0; r < rows; ++r)
    if (key[r] >= num_keys_)
      throw std::invalid_argument(name_ + ": " + what + " row " + std::to_string(r) + " has scenario key " + std::to_string(key[r]) +
                                  ", outside [0, " + std::to_string(num_keys_) + ")");
  return {key.begin(), key.end()};
}

void SceneModel::check_schema(const datasets::AdSampleTable& t, const char* what) const {
  if (t.field_buckets != field_buckets_)
    throw std::invalid_argument(name_ + ": the " + std::string(what) + " table's fields differ from the training table's");
}

void SceneModel::fit(const MultiScenarioTrainView& view, TrainingLogger& log) {
  const datasets::AdSampleTable& train = view.train;
  train.validate();
  if (train.size() == 0) throw std::invalid_argument(name_ + ": the training table has no rows");
  if (view.num_scenarios == 0) throw std::invalid_argument(name_ + ": num_scenarios must be at least 1");
  num_keys_ = blind_ ? 1 : view.num_scenarios;
  field_buckets_ = train.field_buckets;
  const std::vector<std::uint32_t> key = keys_for(view.train_key, train.size(), "training");
  const bool has_validation = view.validation.size() > 0;
  std::vector<std::uint32_t> validation_key;
  if (has_validation) {
    view.validation.validate();
    check_schema(view.validation, "validation");
    validation_key = keys_for(view.validation_key, view.validation.size(), "validation");
  }

  std::vector<std::uint64_t> rows_per_key(num_keys_, 0);
  for (std::uint32_t k : key) ++rows_per_key[k];
  alpha_ = scenario_alpha(rows_per_key, options_.weighting);
  std::vector<float> row_weight(train.size());
  for (std::size_t r = 0; r < train.size(); ++r)
    row_weight[r] = float(alpha_[key[r]] * double(train.size()) / double(rows_per_key[key[r]]));

  SceneNetConfig config = base_;
  config.field_buckets = train.field_buckets;
  config.num_scenarios = num_keys_;
  config.seed = view.seed;
  net_ = std::make_unique<SceneNet>(config);
  net_->init(view.seed);
  std::vector<nn::NamedTensor> params = net_->named_parameters();
  const std::unique_ptr<nn::Optimizer> optimizer = make_optimizer(options_, params);

  const bool early_stop = options_.patience > 0 && has_validation;
  BestEpochKeeper keeper(params, options_.patience, early_stop, options_.plateau);

  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  const std::size_t batch_size = std::size_t(options_.batch_size);
  std::uint64_t step = 0;
  net_->train();
  for (std::int64_t epoch = 1; epoch <= options_.epochs; ++epoch) {
    random::Rng rng(view.seed, "adascene/shuffle", std::uint64_t(epoch));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double loss_sum = 0;
    for (std::size_t first = 0; first < order.size(); first += batch_size) {
      const std::span<const std::size_t> rows(order.data() + first, std::min(batch_size, order.size() - first));
      const std::int64_t B = std::int64_t(rows.size());
      std::vector<float> y(rows.size()), w(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) y[i] = train.click[rows[i]], w[i] = row_weight[rows[i]];
      const SceneOutput out = net_->forward(make_scene_batch(train, key, rows), step);
      nn::Tensor loss = nn::bce_with_logits(out.logits, nn::Tensor::from({B}, y), nn::Tensor::from({B}, w));
      if (out.regulariser.defined()) loss = loss + out.regulariser;
      loss_sum += loss.item() * double(B);
      loss.backward();
      optimizer->step();
      optimizer->zero_grad();
      ++step;
    }
    log.log(epoch, "train_loss", loss_sum / double(order.size()));
    log.progress(double(epoch) / double(options_.epochs));
    if (!has_validation) continue;
    net_->eval();
    const double held_out = validation_loss(view.validation, validation_key);
    net_->train();
    log.log(epoch, "validation_loss", held_out);
    if (keeper.stop_after(epoch, held_out, *optimizer, log)) break;
  }
  keeper.restore(log);
  net_->eval();
  log.progress(1.0);
}

double SceneModel::validation_loss(const datasets::AdSampleTable& table, const std::vector<std::uint32_t>& key) const {
  const std::vector<float> p = const_cast<SceneModel*>(this)->predict(table, key);
  std::vector<double> sum(num_keys_, 0.0), count(num_keys_, 0.0);
  for (std::size_t r = 0; r < table.size(); ++r) {
    const double q = std::clamp(double(p[r]), 1e-7, 1 - 1e-7);
    sum[key[r]] -= table.click[r] > 0.5f ? std::log(q) : std::log(1 - q);
    count[key[r]] += 1;
  }
  double total = 0, mass = 0;
  for (std::uint32_t s = 0; s < num_keys_; ++s)
    if (count[s] > 0 && alpha_[s] > 0) total += alpha_[s] * sum[s] / count[s], mass += alpha_[s];
  return mass > 0 ? total / mass : 0.0;
}

std::vector<float> SceneModel::predict(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key_in) {
  if (!net_) throw std::logic_error(name_ + ": predict before fit");
  check_schema(table, "prediction");
  const std::vector<std::uint32_t> key = keys_for(key_in, table.size(), "prediction");
  std::vector<float> out(table.size());
  nn::NoGradGuard no_grad;
  net_->eval();
  for (std::size_t first = 0; first < table.size(); first += kPredictBlock) {
    const auto rows = block_rows(first, std::min(kPredictBlock, table.size() - first));
    const nn::Tensor p = nn::sigmoid(net_->forward(make_scene_batch(table, key, rows), 0).logits);
    std::copy(p.data<float>(), p.data<float>() + rows.size(), out.begin() + std::ptrdiff_t(first));
  }
  return out;
}

ExpertUtilisation SceneModel::expert_utilisation(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key_in) {
  // Accumulated by the caller's keys (a blind model's gates still differ by scenario through x).
  const std::uint32_t report = blind_ ? (key_in.empty() ? 1u : *std::max_element(key_in.begin(), key_in.end()) + 1u) : num_keys_;
  return expert_utilisation_by(table, key_in, key_in, report);
}

ExpertUtilisation SceneModel::expert_utilisation_by(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key_in,
                                                    std::span<const std::uint32_t> report_key, std::uint32_t num_report_keys) {
  if (!net_) throw std::logic_error(name_ + ": expert_utilisation before fit");
  check_schema(table, "utilisation");
  const std::vector<std::uint32_t> key = keys_for(key_in, table.size(), "utilisation");
  if (report_key.size() != table.size())
    throw std::invalid_argument(name_ + ": the utilisation report keys have " + std::to_string(report_key.size()) + " entries for " +
                                std::to_string(table.size()) + " rows");
  ExpertUtilisation u;
  u.num_scenarios = num_report_keys;
  u.num_experts = std::uint32_t(net_->config().experts);
  u.weight.assign(std::size_t(u.num_scenarios) * u.num_experts, 0.0);
  u.rows.assign(u.num_scenarios, 0);
  nn::NoGradGuard no_grad;
  net_->eval();
  for (std::size_t first = 0; first < table.size(); first += kPredictBlock) {
    const auto rows = block_rows(first, std::min(kPredictBlock, table.size() - first));
    const nn::Tensor g = net_->forward(make_scene_batch(table, key, rows), 0).gate;
    const float* gv = g.data<float>();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t s = report_key[rows[i]];
      if (s >= num_report_keys) throw std::invalid_argument(name_ + ": utilisation report key " + std::to_string(s) + " outside [0, " + std::to_string(num_report_keys) + ")");
      ++u.rows[s];
      for (std::uint32_t e = 0; e < u.num_experts; ++e) u.weight[std::size_t(s) * u.num_experts + e] += gv[i * u.num_experts + e];
    }
  }
  for (std::uint32_t s = 0; s < u.num_scenarios; ++s)
    if (u.rows[s] > 0)
      for (std::uint32_t e = 0; e < u.num_experts; ++e) u.weight[std::size_t(s) * u.num_experts + e] /= double(u.rows[s]);
  return u;
}

}  // namespace simrec::algorithms::adascene
