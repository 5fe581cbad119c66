#pragma once
// Early stopping on a validation loss that keeps the best epoch's parameters (the multi-task and
// multi-scenario trainers): an epoch with a strictly lower loss than every earlier one becomes the
// best and its parameters are copied; training stops once `patience` epochs have passed since the
// best one. restore() puts the best parameters back and logs "best_epoch". Disabled (no
// validation rows, or patience 0): record() never stops and restore() does nothing.
// Reduce on plateau (`decays` > 0): where early stopping would stop, stop_after() instead puts the
// best parameters back, multiplies the optimizer's learning rate by `factor` (its moment
// estimates are kept), logs "learning_rate" and restarts the patience count, up to `decays` times;
// the best loss and epoch are kept, so restore() returns the best parameters over all epochs.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "algorithms/options.hpp"
#include "nn/checkpoint.hpp"
#include "nn/optim/optimizer.hpp"

namespace simrec::algorithms {

struct PlateauSchedule {
  std::int64_t decays = 0;  // learning-rate reductions before stopping (0: stop at the first plateau)
  double factor = 0.1;
};

class BestEpochKeeper {
 public:
  BestEpochKeeper(std::vector<nn::NamedTensor>& params, std::int64_t patience, bool enabled, PlateauSchedule plateau = {})
      : params_(params), patience_(patience), enabled_(enabled), plateau_(plateau) {
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

  // record(), then the plateau rule; true when training should stop.
  bool stop_after(std::int64_t epoch, double loss, nn::Optimizer& optimizer, TrainingLogger& log) {
    if (!record(epoch, loss)) return false;
    if (decays_done_ == plateau_.decays) return true;
    for (std::size_t p = 0; p < params_.size(); ++p) params_[p].value.copy_from(best_[p]);
    plateau_start_ = epoch;
    ++decays_done_;
    optimizer.set_lr(optimizer.lr() * plateau_.factor);
    log.log(epoch, "learning_rate", optimizer.lr());
    return false;
  }

  std::int64_t best_epoch() const { return best_epoch_; }  // 0: none recorded
  // The best epoch's parameters, in the order of `params` (meaningful when best_epoch() > 0).
  const std::vector<nn::Tensor>& best_parameters() const { return best_; }

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
  PlateauSchedule plateau_;
  std::int64_t plateau_start_ = 0, decays_done_ = 0;
};

// The options behind PlateauSchedule, for the trainers that offer them.
inline std::vector<OptionSpec> plateau_options() {
  return {int_option("lr_decays", 0, 0, 100,
                     "reduce on plateau: when `patience` epochs pass without a lower validation loss, go back to the best epoch's "
                     "parameters, multiply the learning rate by lr_decay_factor and go on, at most this many times (0: stop there)"),
          real_option("lr_decay_factor", 0.1, 1e-6, 0.999999, "learning-rate factor of each reduce-on-plateau step (lr_decays)")};
}
inline PlateauSchedule plateau_of(const OptionValues& o) { return {o.get_int("lr_decays"), o.get_real("lr_decay_factor")}; }

}  // namespace simrec::algorithms
