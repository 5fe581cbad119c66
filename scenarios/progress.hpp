#pragma once
// Progress of a scenario run. On a terminal: one line redrawn in place — a bar, units done / total,
// the current variant and seed, the last reported training value, and the ETA (from the time per
// finished unit and the current unit's reported fraction). Piped: plain lines, one per finished
// unit and one per reported epoch value, so logs stay readable.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

namespace simrec::scenarios {

class Progress {
 public:
  Progress(std::int64_t total_units, std::int64_t already_done, bool terminal, std::FILE* out = stderr);
  // The shared work of a seed before its units (world, datasets; for alignment also the
  // evaluators, SFT and preference data), described by `what`.
  void begin_data(std::int64_t seed, const std::string& what = "generating world and datasets");
  void begin_unit(const std::string& variant, std::int64_t seed);
  void epoch(std::int64_t epoch, const std::string& metric, double value);
  void fraction(double f);                         // of the current unit's fit
  void end_unit(const std::string& status, const std::map<std::string, double>& metrics, double seconds);
  void finish();

 private:
  void redraw();
  std::string eta_text() const;
  std::int64_t total_, done_, done_here_ = 0;
  bool terminal_;
  std::FILE* out_;
  std::string label_, last_value_;
  double fraction_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_{};
};

}  // namespace simrec::scenarios
