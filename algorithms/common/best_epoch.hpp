#pragma once
// Early stopping on a validation loss that keeps the best epoch's parameters (the multi-task and
// multi-scenario trainers): an epoch with a strictly lower loss than every earlier one becomes the
// best and its parameters are copied; training stops once `patience` epochs have passed since the
// best one. restore() puts the best parameters back and logs "best_epoch". Disabled (no
// validation rows, or patience 0): record() never stops and restore() does nothing.
// Reduce-on-plateau: rewind(epoch) puts the best parameters back mid-training and restarts the
// patience count at `epoch` (the trainer lowers its learning rate and goes on); the best loss and
// epoch are kept, so restore() still returns the best parameters over all epochs.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "nn/checkpoint.hpp"

namespace simrec::algorithms {

class BestEpochKeeper {
 public:
  BestEpochKeeper(std::vector<nn::NamedTensor>& params, std::int64_t patience, bool enabled)
      : params_(params), patience_(patience), enabled_(enabled) {
    if (enabled_)
      for (const auto& p : params_) best_.push_back(p.value.clone());
  }

  // Records epoch's validation loss; true when training should stop.
  bool record(std::int64_t epoch, double loss) {
    if (!enabled_) return false;
    if (loss < best_loss_) {
      best_loss_ = loss;
      best_epoch_ = epoch;
      for (std::size_t p = 0; p < params_.size(); ++p) best_[p].copy_from(params_[p].value);
      return false;
    }
    return epoch - std::max(best_epoch_, plateau_start_) >= patience_;
  }

  void rewind(std::int64_t epoch) {
    if (!enabled_) return;
    if (best_epoch_ > 0)
      for (std::size_t p = 0; p < params_.size(); ++p) params_[p].value.copy_from(best_[p]);
    plateau_start_ = epoch;
  }

  void restore(TrainingLogger& log) {
    if (!enabled_ || best_epoch_ == 0) return;
    for (std::size_t p = 0; p < params_.size(); ++p) params_[p].value.copy_from(best_[p]);
    log.log(best_epoch_, "best_epoch", double(best_epoch_));
  }

 private:
  std::vector<nn::NamedTensor>& params_;
  std::int64_t patience_;
  bool enabled_;
  std::vector<nn::Tensor> best_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  std::int64_t best_epoch_ = 0;
  std::int64_t plateau_start_ = 0;
};

}  // namespace simrec::algorithms
