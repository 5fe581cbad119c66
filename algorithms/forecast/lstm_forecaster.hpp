#pragma once
// The LSTM inventory forecaster of article 003 (SPEC §6 "LSTM inventory forecasting").
//
// fit (offline):
//   1. scale of each series = mean requests over the training days (option cluster_feature:
//      log_mean, the default, or the raw mean as the article's figure 4-6);
//   2. groups: K-means on the scale with k from the article's elbow rule over k = 1..max_k
//      (kmeans.hpp), or a fixed num_groups (1 = the no-clustering single model);
//   3. per group: labels z-scored with the group's mean and sd over its training labels (the
//      article's z-score; option normalisation = series z-scores each series instead);
//   4. per group, one WindowModel (window_model.hpp) trained by Adam on W-day windows -> day W + 1
//      (MSE on z), shuffled windows, epochs of epoch_windows windows, early stopping
//      (early_stopping.hpp) on the epoch's mean training loss; curve train_loss_group_<g>.
// observe_day (online incremental training, the article's daily job): for each group, load model
//   and Adam state from checkpoint_dir (files group_<g>.model, group_<g>.adam; groups and
//   normalisation in meta.txt), train online_steps steps on the newest window of every series of
//   the group (the last W observed days -> the newest day; with online_replay_days = R > 1, one
//   batch of the windows ending on each of the newest R days, so a step averages R days'
//   residuals instead of chasing one day's) at online_learning_rate (a setting, not
//   part of the checkpoint: Adam's step is ~lr per weight whatever the gradient's size, so a step
//   on one day's windows at the offline rate chases that day's noise) and save both back. A fresh process
//   with the same options resumes from checkpoint_dir alone (tested bit for bit).
//   online = false: a frozen offline model.
// forecast: one step ahead from the last W observed days; N days ahead by rolling (each forecast
//   z fed back as the next step's label, with that day's calendar features).
//
// Errors: a window longer than the history, a series with no requests in its history (an empty
// cross), calendar features out of range (unknown holiday type) are rejected naming the problem.

#include <memory>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "algorithms/forecast/window_model.hpp"
#include "algorithms/options.hpp"

namespace simrec::algorithms::forecast {

struct LstmForecastOptions {
  std::int64_t window = 7;
  std::int64_t hidden_size = 32;
  std::int64_t num_layers = 1;
  std::int64_t embedding_dim = 4;
  bool holiday_features = true;
  std::int64_t num_groups = 0;  // 0: elbow rule
  std::int64_t max_k = 9;
  std::string cluster_feature = "log_mean";
  std::string normalisation = "group";
  double learning_rate = 0.01;
  std::int64_t batch_size = 256;
  std::int64_t max_epochs = 30;
  std::int64_t patience = 5;
  double stop_threshold = 0.05;
  std::int64_t epoch_windows = 8192;  // 0: every window
  std::int64_t train_days = 0;         // 0: all history
  bool online = true;
  std::int64_t online_steps = 1;
  std::int64_t online_replay_days = 1;
  double online_learning_rate = 0.001;
  bool online_checkpoint = true;
  std::string checkpoint_dir;          // "": a temporary directory, removed with the forecaster

  static LstmForecastOptions from(const OptionValues& values);
};
std::vector<OptionSpec> lstm_forecast_options();

class LstmForecaster : public ForecastAlgorithm {
 public:
  explicit LstmForecaster(LstmForecastOptions options);
  ~LstmForecaster() override;

  void fit(const ForecastTrainView& train, TrainingLogger& log) override;
  void observe_day(const datasets::InventorySeries& history, TrainingLogger& log) override;
  std::vector<float> forecast(const datasets::InventorySeries& history, int horizon) override;
  std::vector<int> series_groups() const override { return group_of_; }

  // Writes meta.txt and every group's model and optimizer state into the checkpoint directory.
  void save_checkpoint() const;
  const std::string& checkpoint_dir() const { return dir_; }
  // Every group's parameters, names prefixed "group_<g>.".
  std::vector<nn::NamedTensor> named_parameters() const;
  // The elbow rule's SSE curve of the last fit (empty with a fixed num_groups).
  const std::vector<double>& sse() const { return sse_; }

 private:
  struct Group;
  void check_history(const datasets::InventorySeries& h, const char* what) const;
  void build_groups(const datasets::InventorySeries& h, std::uint64_t seed, TrainingLogger& log);
  void make_models(const datasets::InventorySeries& h);
  void load_meta(const datasets::InventorySeries& h);
  double train_step(Group& g, const datasets::InventorySeries& h, const std::vector<std::pair<std::size_t, std::size_t>>& windows);

  LstmForecastOptions opt_;
  std::string dir_;
  bool own_dir_ = false;
  std::uint64_t seed_ = 0;
  std::vector<int> group_of_;
  std::vector<double> sse_;
  std::vector<std::unique_ptr<Group>> groups_;
  std::int64_t online_days_ = 0;
};

}  // namespace simrec::algorithms::forecast
