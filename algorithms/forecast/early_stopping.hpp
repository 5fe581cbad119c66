#pragma once
// Early stopping as article 003 §5.2 (4): the best (lowest) loss so far is remembered; an epoch
// whose loss does not improve on it counts towards the patience only once the loss is already at
// or below the threshold x ("loss continuously below x"); an improving epoch resets the count.
// Training stops when the count reaches the patience. patience = 0 never stops early.
//
//   if best is unset:            best = loss
//   elif loss > best:            if loss <= x: counter += 1; stop when counter >= patience
//   else:                        best = loss; counter = 0

#include <cstdint>
#include <limits>

namespace simrec::algorithms::forecast {

class EarlyStopping {
 public:
  EarlyStopping(std::int64_t patience, double threshold) : patience_(patience), threshold_(threshold) {}
  // Records one epoch's loss; true when training should stop.
  bool step(double loss) {
    if (!has_best_) {
      has_best_ = true;
      best_ = loss;
    } else if (loss > best_) {
      if (loss <= threshold_) ++counter_;
    } else {
      best_ = loss;
      counter_ = 0;
    }
    return patience_ > 0 && counter_ >= patience_;
  }
  double best() const { return has_best_ ? best_ : std::numeric_limits<double>::infinity(); }
  std::int64_t counter() const { return counter_; }

 private:
  std::int64_t patience_;
  double threshold_;
  bool has_best_ = false;
  double best_ = 0;
  std::int64_t counter_ = 0;
};

}  // namespace simrec::algorithms::forecast
