#include "algorithms/multitask/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "algorithms/common/best_epoch.hpp"
#include "algorithms/multitask/multitask_loss.hpp"
#include "algorithms/multitask/task_grid.hpp"
#include "nn/core/autograd.hpp"
#include "nn/ops/unary.hpp"
#include "nn/optim/adagrad.hpp"
#include "nn/optim/adam.hpp"
#include "nn/optim/sgd.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::multitask {

namespace {
constexpr std::size_t kPredictBlock = 4096;

std::vector<std::size_t> block_rows(std::size_t first, std::size_t count) {
  std::vector<std::size_t> rows(count);
  std::iota(rows.begin(), rows.end(), first);
  return rows;
}
}  // namespace

class MultiTaskModel::LogVariance : public nn::Module {
 public:
  explicit LogVariance(std::int64_t tasks) { s_ = register_parameter("log_variance", nn::Tensor::zeros({tasks}), nn::Init::zeros()); }
  const nn::Tensor& s() const { return s_; }

 private:
  nn::Tensor s_;
};

MultiTaskModel::MultiTaskModel(Architecture arch, NetConfig net, TrainOptions train)
    : arch_(arch), name_(architecture_name(arch)), base_(std::move(net)), options_(std::move(train)) {}

MultiTaskModel::~MultiTaskModel() = default;

const MultiTaskNet& MultiTaskModel::net() const {
  if (!net_) throw std::logic_error(name_ + ": the network exists only after fit");
  return *net_;
}

nn::Tensor MultiTaskModel::log_variance() const { return log_variance_ ? log_variance_->s() : nn::Tensor(); }

NetConfig MultiTaskModel::config_for(const datasets::MultiTaskTable& table) const {
  NetConfig c = base_;
  c.field_buckets = table.field_buckets;
  c.num_dense = std::int64_t(table.num_dense());
  c.tasks = std::int64_t(table.num_tasks());
  if (arch_ == Architecture::Mfh) {
    const TaskGrid grid = task_grid(table);
    c.task_behaviour = grid.task_behaviour;
    c.task_group = grid.task_group;
    c.behaviours = std::int64_t(grid.num_behaviours());
    c.groups = std::int64_t(grid.num_groups());
  }
  return c;
}

void MultiTaskModel::check_schema(const datasets::MultiTaskTable& t, const char* what) const {
  if (t.num_tasks() != schema_.num_tasks() || t.field_buckets != schema_.field_buckets || t.num_dense() != schema_.num_dense() ||
      t.task_is_binary != schema_.task_is_binary)
    throw std::invalid_argument(name_ + ": the " + what + " table's schema (tasks, categorical buckets, dense features) " +
                                "differs from the training table's");
}

void MultiTaskModel::fit(const MultiTaskTrainView& view, TrainingLogger& log) {
  const datasets::MultiTaskTable& train = view.train;
  train.validate();
  if (train.size() == 0) throw std::invalid_argument(name_ + ": the training table has no rows");
  schema_ = train.select({});
  const bool has_validation = view.validation.size() > 0;
  if (has_validation) {
    view.validation.validate();
    check_schema(view.validation, "validation");
  }
  weights_ = resolve_task_weights(options_.weights, train, name_);
  if (options_.weighting == TaskWeighting::Rarity) {
    const std::vector<double> r = rarity_weights(train);
    for (std::size_t t = 0; t < weights_.size(); ++t) weights_[t] *= r[t];
  }

  NetConfig config = config_for(train);
  config.seed = view.seed;
  net_ = make_net(arch_, config);
  net_->init(view.seed);
  std::vector<nn::NamedTensor> params = net_->named_parameters();
  const std::size_t net_params = params.size();
  log_variance_.reset();
  if (options_.weighting == TaskWeighting::Uncertainty) {
    log_variance_ = std::make_unique<LogVariance>(config.tasks);
    log_variance_->init(view.seed);
    for (const auto& p : log_variance_->named_parameters()) params.push_back(p);
  }
  std::unique_ptr<nn::Optimizer> optimizer;
  if (options_.optimizer == "adagrad") {
    nn::AdagradOptions o;
    o.lr = options_.learning_rate;
    o.weight_decay = options_.weight_decay;
    optimizer = std::make_unique<nn::Adagrad>(params, o);
  } else if (options_.optimizer == "sgd") {
    nn::SGDOptions o;
    o.lr = options_.learning_rate;
    o.weight_decay = options_.weight_decay;
    optimizer = std::make_unique<nn::SGD>(params, o);
  } else {
    nn::AdamOptions o;
    o.lr = options_.learning_rate;
    o.weight_decay = options_.weight_decay;
    optimizer = std::make_unique<nn::Adam>(params, o);
  }

  const bool early_stop = options_.patience > 0 && has_validation;
  BestEpochKeeper keeper(params, options_.patience, early_stop && !options_.per_task_selection, options_.plateau);
  // per_task selection: one keeper per task on its own validation loss.
  const std::size_t T = train.num_tasks();
  std::vector<std::unique_ptr<BestEpochKeeper>> task_keepers;
  if (options_.per_task_selection && early_stop)
    for (std::size_t t = 0; t < T; ++t) task_keepers.push_back(std::make_unique<BestEpochKeeper>(params, options_.patience, true));

  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  const std::size_t batch_size = std::size_t(options_.batch_size);
  const nn::Tensor s = log_variance();
  std::uint64_t step = 0;
  net_->train();
  for (std::int64_t epoch = 1; epoch <= options_.epochs; ++epoch) {
    random::Rng rng(view.seed, "multitask/shuffle", std::uint64_t(epoch));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double loss_sum = 0, loss_rows = 0;
    for (std::size_t first = 0; first < order.size(); first += batch_size) {
      const std::span<const std::size_t> rows(order.data() + first, std::min(batch_size, order.size() - first));
      const BatchTargets targets = make_targets(train, rows);
      if (targets.active_tasks() == 0) continue;  // no labelled cell: nothing to learn from
      const nn::Tensor out = net_->forward(make_input_batch(train, rows), step);
      const nn::Tensor loss = combine_task_losses(per_task_loss(out, targets, train.task_is_binary), targets, weights_,
                                                  train.task_is_binary, s);
      loss_sum += loss.item() * double(rows.size());
      loss_rows += double(rows.size());
      loss.backward();
      optimizer->step();
      optimizer->zero_grad();
      ++step;
    }
    log.log(epoch, "train_loss", loss_rows > 0 ? loss_sum / loss_rows : 0.0);
    log.progress(double(epoch) / double(options_.epochs));
    if (!has_validation) continue;
    net_->eval();
    double held_out = 0;
    const std::vector<double> per_task = task_losses(view.validation, held_out);
    net_->train();
    log.log(epoch, "validation_loss", held_out);
    for (std::size_t t = 0; t < T; ++t)
      if (!std::isnan(per_task[t])) log.log(epoch, "validation_loss:" + train.task_names[t], per_task[t]);
    if (task_keepers.empty()) {
      if (keeper.stop_after(epoch, held_out, *optimizer, log)) break;
      continue;
    }
    // A task without validation rows never improves, so it does not hold training back.
    bool all_stopped = true;
    for (std::size_t t = 0; t < T; ++t)
      all_stopped = task_keepers[t]->record(epoch, std::isnan(per_task[t]) ? std::numeric_limits<double>::infinity() : per_task[t]) &&
                    all_stopped;
    if (all_stopped) break;
  }
  task_best_.clear();
  if (!task_keepers.empty()) {
    // Task t's parameters are its keeper's best (the last epoch's where it never improved); only
    // the network's, which lead `params`.
    for (std::size_t t = 0; t < T; ++t) {
      const std::int64_t best = task_keepers[t]->best_epoch();
      if (best > 0) log.log(best, "best_epoch:" + train.task_names[t], double(best));
      std::vector<nn::Tensor> kept;
      for (std::size_t p = 0; p < net_params; ++p)
        kept.push_back(best > 0 ? task_keepers[t]->best_parameters()[p] : params[p].value.clone());
      task_best_.push_back(std::move(kept));  // shares the keepers' tensors, which die with fit()
    }
    load_task_parameters(0);
  } else {
    keeper.restore(log);
  }
  net_->eval();
  log.progress(1.0);
}

std::vector<double> MultiTaskModel::task_losses(const datasets::MultiTaskTable& table, double& combined) const {
  nn::NoGradGuard no_grad;
  const std::size_t T = table.num_tasks();
  std::vector<double> sums(T, 0.0), counts(T, 0.0);
  for (std::size_t first = 0; first < table.size(); first += kPredictBlock) {
    const auto rows = block_rows(first, std::min(kPredictBlock, table.size() - first));
    const BatchTargets targets = make_targets(table, rows);
    const std::vector<double> L = per_task_loss(net_->forward(make_input_batch(table, rows), 0), targets, table.task_is_binary).to_vector();
    for (std::size_t t = 0; t < T; ++t) {
      sums[t] += L[t] * double(targets.counts[t]);
      counts[t] += double(targets.counts[t]);
    }
  }
  std::vector<double> losses(T, std::numeric_limits<double>::quiet_NaN());
  double total = 0, active = 0;
  for (std::size_t t = 0; t < T; ++t)
    if (counts[t] > 0) {
      losses[t] = sums[t] / counts[t];
      total += weights_[t] * sums[t] / counts[t];
      active += 1;
    }
  combined = active > 0 ? total / active : 0.0;
  return losses;
}

std::vector<float> MultiTaskModel::predict(const datasets::MultiTaskTable& table) {
  if (!net_) throw std::logic_error(name_ + ": predict before fit");
  table.validate();
  check_schema(table, "prediction");
  const std::size_t T = table.num_tasks();
  std::vector<float> out(table.size() * T);
  nn::NoGradGuard no_grad;
  net_->eval();
  // Joint selection: one pass writes every column. Per-task: pass t, with task t's parameters,
  // writes column t.
  const std::size_t passes = task_best_.empty() ? 1 : T;
  for (std::size_t pass = 0; pass < passes; ++pass) {
    if (!task_best_.empty()) load_task_parameters(pass);
    for (std::size_t first = 0; first < table.size(); first += kPredictBlock) {
      const auto rows = block_rows(first, std::min(kPredictBlock, table.size() - first));
      const nn::Tensor z = net_->forward(make_input_batch(table, rows), 0);
      const nn::Tensor p = nn::sigmoid(z);
      const float* zv = z.data<float>();
      const float* pv = p.data<float>();
      for (std::size_t i = 0; i < rows.size() * T; ++i)
        if (task_best_.empty() || i % T == pass) out[first * T + i] = table.task_is_binary[i % T] ? pv[i] : zv[i];
    }
  }
  if (!task_best_.empty()) load_task_parameters(0);
  return out;
}

void MultiTaskModel::load_task_parameters(std::size_t task) {
  std::vector<nn::NamedTensor> params = net_->named_parameters();
  for (std::size_t p = 0; p < params.size(); ++p) params[p].value.copy_from(task_best_.at(task)[p]);
}

}  // namespace simrec::algorithms::multitask
