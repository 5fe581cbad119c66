#pragma once
// MultiTaskModel: the MultiTaskAlgorithm every model of the family registers (registration.cpp);
// the architecture is its network (networks.hpp), everything else is shared:
//
// fit: the network is built for the training table's schema and initialised from view.seed
//   (Module::init: a parameter's initial values depend only on (seed, its name)); mini-batches of
//   `batch_size` rows, shuffled every epoch by a Fisher-Yates pass on the Philox stream
//   "multitask/shuffle" (entity = epoch); objective multitask_loss.hpp with task weights
//   task_weights.hpp (uncertainty weighting adds the learned log-variances s_t, "log_variance",
//   to the optimised parameters); optimizer Adam (default), Adagrad or SGD, with an L2
//   weight_decay folded into the gradients. Logs per epoch "train_loss" (the mean over the
//   epoch's batches of the objective, weighted by batch rows) and, with validation rows,
//   "validation_loss": sum_{t in A} w_t L_t / |A| with L_t the task's mean loss over every
//   validation row where it applies — the static / rarity weights, without the uncertainty form
//   (the learned variances would reward shrinking sigma, not predicting better). Early stopping
//   (patience > 0 and validation rows): stop after `patience` epochs without a lower validation
//   loss and restore the best epoch's parameters (logged as "best_epoch"); with `plateau.decays` > 0 the
//   first plateaus lower the learning rate from the best parameters instead (best_epoch.hpp).
//   Each task's own validation loss L_t is logged too ("validation_loss:<task>").
// Selection (`selection`): joint (above) picks one epoch for all tasks by the combined loss;
//   per_task keeps, for every task, the parameters of the epoch with its lowest L_t (logged as
//   "best_epoch:<task>"), stops once every task has gone `patience` epochs without a lower L_t,
//   and predicts task t's column with task t's parameters -- the protocol of reporting each task
//   at its best epoch, under which a shared model is not charged for stopping when another task
//   turns. The single-task reference then stops each of its networks on its own task. Not
//   combined with reduce on plateau. After fit the network holds the first task's parameters.
// Determinism: the order of rows, the initial weights and dropout masks are counter-based, and
//   the engine's kernels are thread-count independent, so a seed gives bit-identical predictions
//   for any OpenMP thread count.
// predict: rows x T, sigmoid(z) for binary tasks, z for regression tasks; in eval mode (no
//   dropout), in blocks of 4096 rows.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "algorithms/common/best_epoch.hpp"
#include "algorithms/multitask/networks.hpp"
#include "algorithms/multitask/task_weights.hpp"

namespace simrec::algorithms::multitask {

struct TrainOptions {
  std::int64_t epochs = 10;
  std::int64_t batch_size = 256;
  double learning_rate = 1e-3;
  std::string optimizer = "adam";  // adam | adagrad | sgd
  double weight_decay = 0;
  std::int64_t patience = 2;       // 0: no early stopping
  bool per_task_selection = false;  // selection = per_task
  PlateauSchedule plateau = {};  // reduce on plateau (algorithms/common/best_epoch.hpp)
  TaskWeighting weighting = TaskWeighting::Static;
  TaskWeightSpec weights;
};

class MultiTaskModel : public MultiTaskAlgorithm {
 public:
  // `net` holds the architecture options (widths, experts, levels, dropout, embedding_dim); the
  // table-dependent fields are filled at fit time.
  MultiTaskModel(Architecture arch, NetConfig net, TrainOptions train);
  ~MultiTaskModel() override;

  void fit(const MultiTaskTrainView& view, TrainingLogger& log) override;
  std::vector<float> predict(const datasets::MultiTaskTable& rows) override;

  // After fit: the network, the task weights w_t in use, and s_t (uncertainty; else undefined).
  const MultiTaskNet& net() const;
  const std::vector<double>& task_weights() const { return weights_; }
  nn::Tensor log_variance() const;
  const std::string& name() const { return name_; }

 private:
  class LogVariance;
  NetConfig config_for(const datasets::MultiTaskTable& table) const;
  // Per task: the mean loss over the rows where it applies (NaN where it applies to none);
  // `combined` = sum_{t in A} w_t L_t / |A| over the tasks A with rows.
  std::vector<double> task_losses(const datasets::MultiTaskTable& table, double& combined) const;
  void check_schema(const datasets::MultiTaskTable& table, const char* what) const;
  void load_task_parameters(std::size_t task);  // per_task selection: task's parameters into the network

  Architecture arch_;
  std::string name_;
  NetConfig base_;
  TrainOptions options_;
  datasets::MultiTaskTable schema_;  // the training table's schema (no rows)
  std::vector<double> weights_;
  std::unique_ptr<MultiTaskNet> net_;
  std::unique_ptr<LogVariance> log_variance_;
  std::vector<std::vector<nn::Tensor>> task_best_;  // per_task selection: task t's parameters
};

}  // namespace simrec::algorithms::multitask
