#pragma once
// A TrainingLogger for tests: keeps every logged value per metric, in order, and the last
// progress fraction; non-finite values are still rejected (as NullLogger does).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"

namespace simrec::testing {

class RecordingLogger : public algorithms::TrainingLogger {
 public:
  void log(std::int64_t epoch, const std::string& metric, double value) override {
    algorithms::NullLogger().log(epoch, metric, value);
    curves[metric].push_back(value);
  }
  void progress(double fraction) override { last_progress = fraction; }
  std::map<std::string, std::vector<double>> curves;
  double last_progress = -1;
};

}  // namespace simrec::testing
