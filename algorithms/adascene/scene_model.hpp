#pragma once
// SceneModel: the MultiScenarioAlgorithm of ada_base, aktn and scenario_blind (registration.cpp);
// the architecture is SceneNet (scenario_net.hpp), everything else is shared here.
//
// Objective (SPEC §6): J = sum_s alpha_s L_s over the training keys s, L_s the mean BCE over key
// s's training rows, sum_s alpha_s = 1, plus the gate's regulariser (DSelect-k). alpha:
//   traffic   alpha_s = n_s / N (the plain mean over rows)
//   uniform   alpha_s = 1 / |keys with rows|
//   sqrt      alpha_s proportional to sqrt(n_s)
// A mini-batch estimates J without bias by weighting row b with alpha_s / (n_s / N) (s = its key)
// in a mean BCE (so rows of a tail key weigh more under uniform, and no batch-level per-key mean
// with one or two rows is ever formed).
// fit: mini-batches of batch_size rows shuffled per epoch by Fisher-Yates on the Philox stream
//   "adascene/shuffle" (entity = epoch); Adam / Adagrad / SGD with weight_decay; initial weights
//   from Module::init(view.seed). Logs "train_loss" (the epoch's mean objective) and, with
//   validation rows, "validation_loss" = sum_s alpha_s L_s^val / sum_s alpha_s over the keys with
//   validation rows (alpha from training; no regulariser); early stopping with `patience` as the
//   multi-task trainer (restores the best epoch, logs "best_epoch").
// scenario_blind: every key is replaced by 0 with one key (the model cannot tell scenarios apart
//   other than through the context fields).
// Determinism: counter-based shuffles and initial values, thread-count independent kernels: one
//   seed gives bit-identical predictions for any OpenMP thread count.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/common/best_epoch.hpp"
#include "algorithms/adascene/scenario_net.hpp"
#include "algorithms/algorithm.hpp"

namespace simrec::algorithms::adascene {

enum class LossWeighting { Traffic, Uniform, Sqrt };
inline const std::vector<std::string> kLossWeightingNames{"traffic", "uniform", "sqrt"};
LossWeighting parse_loss_weighting(const std::string& name);

// alpha_s per key (size num_keys; 0 for keys without rows) from per-key row counts.
std::vector<double> scenario_alpha(const std::vector<std::uint64_t>& rows_per_key, LossWeighting w);

struct SceneTrainOptions {
  std::int64_t epochs = 5;
  std::int64_t batch_size = 256;
  double learning_rate = 2e-3;
  std::string optimizer = "adam";  // adam | adagrad | sgd
  double weight_decay = 0;
  std::int64_t patience = 2;
  LossWeighting weighting = LossWeighting::Traffic;
  PlateauSchedule plateau = {};  // reduce on plateau (algorithms/common/best_epoch.hpp)
};

class SceneModel : public MultiScenarioAlgorithm {
 public:
  SceneModel(std::string name, SceneNetConfig net, SceneTrainOptions train, bool scenario_blind);
  ~SceneModel() override;

  void fit(const MultiScenarioTrainView& view, TrainingLogger& log) override;
  std::vector<float> predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) override;
  ExpertUtilisation expert_utilisation(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) override;
  // The same, the model fed `model_key` and the weights accumulated per `report_key` in
  // [0, num_report_keys) (scene aggregation: groups in, raw scenarios out).
  ExpertUtilisation expert_utilisation_by(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> model_key,
                                          std::span<const std::uint32_t> report_key, std::uint32_t num_report_keys);

  const SceneNet& net() const;
  const std::string& name() const { return name_; }
  const std::vector<double>& alpha() const { return alpha_; }

 private:
  std::vector<std::uint32_t> keys_for(std::span<const std::uint32_t> key, std::size_t rows, const char* what) const;
  double validation_loss(const datasets::AdSampleTable& table, const std::vector<std::uint32_t>& key) const;
  void check_schema(const datasets::AdSampleTable& t, const char* what) const;

  std::string name_;
  SceneNetConfig base_;
  SceneTrainOptions options_;
  bool blind_;
  std::uint32_t num_keys_ = 0;
  std::vector<std::uint32_t> field_buckets_;
  std::vector<double> alpha_;
  std::unique_ptr<SceneNet> net_;
};

}  // namespace simrec::algorithms::adascene
