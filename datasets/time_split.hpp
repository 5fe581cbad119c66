#pragma once
// Time-based splits: every event belongs to the split of its day. Training never sees a
// validation or test day; validation / test examples may use earlier days as history.

#include <cstdint>

#include "datasets/dataset_config.hpp"
#include "sim/world/types.hpp"

namespace simrec::datasets {

enum class Split : std::uint8_t { Train = 0, Validation = 1, Test = 2, Outside = 3 };
inline constexpr const char* split_name(Split s) {
  return s == Split::Train ? "train" : s == Split::Validation ? "validation" : s == Split::Test ? "test" : "outside";
}

struct TimeSplit {
  std::int64_t train_end_day = 0, validation_end_day = 0, test_end_day = 0;  // exclusive ends; train starts at 0

  static TimeSplit from_config(const DatasetConfig& c) {
    return TimeSplit{c.train_days, c.train_days + c.validation_days, c.train_days + c.validation_days + c.test_days};
  }
  Split of_day(std::int64_t day) const {
    if (day < 0) return Split::Outside;
    if (day < train_end_day) return Split::Train;
    if (day < validation_end_day) return Split::Validation;
    if (day < test_end_day) return Split::Test;
    return Split::Outside;
  }
  Split of_time(double time_seconds) const { return of_day(sim::day_index(time_seconds)); }
  double train_end_seconds() const { return double(train_end_day) * sim::kSecondsPerDay; }
};

}  // namespace simrec::datasets
