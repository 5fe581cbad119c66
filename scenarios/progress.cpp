#include "scenarios/progress.hpp"

#include <algorithm>
#include <cmath>

namespace simrec::scenarios {

namespace {
std::string format_seconds(double s) {
  const long t = long(std::lround(s));
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}
}  // namespace

Progress::Progress(std::int64_t total_units, std::int64_t already_done, bool terminal, std::FILE* out)
    : total_(total_units), done_(already_done), terminal_(terminal), out_(out), start_(std::chrono::steady_clock::now()) {
  if (already_done > 0)
    std::fprintf(out_, "resuming: %lld of %lld units already finished\n", (long long)already_done, (long long)total_units);
}

std::string Progress::eta_text() const {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double units = double(done_here_) + fraction_;
  if (units < 0.05) return "ETA --:--";
  const double remaining = double(total_ - done_) - fraction_;
  return "ETA " + format_seconds(elapsed / units * remaining);
}

void Progress::redraw() {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const int width = 24;
  const double f = total_ > 0 ? (double(done_) + fraction_) / double(total_) : 1.0;
  const int filled = int(f * width);
  std::string bar(filled, '#');
  bar.resize(width, '.');
  std::fprintf(out_, "\r\033[K[%s] %lld/%lld %s %s %s", bar.c_str(), (long long)done_, (long long)total_,
               label_.c_str(), last_value_.c_str(), eta_text().c_str());
  std::fflush(out_);
}

void Progress::begin_data(std::int64_t seed, const std::string& what) {
  label_ = what + ", seed " + std::to_string(seed);
  last_value_.clear();
  if (!terminal_) std::fprintf(out_, "seed %lld: %s\n", (long long)seed, what.c_str());
  last_draw_ = {};
  redraw();
}

void Progress::begin_unit(const std::string& variant, std::int64_t seed) {
  label_ = variant + " seed " + std::to_string(seed);
  last_value_.clear();
  fraction_ = 0;
  last_draw_ = {};
  redraw();
}

void Progress::epoch(std::int64_t epoch, const std::string& metric, double value) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "epoch %lld %s=%.4g", (long long)epoch, metric.c_str(), value);
  last_value_ = buf;
  if (!terminal_) std::fprintf(out_, "  %s: %s\n", label_.c_str(), buf);
  redraw();
}

void Progress::fraction(double f) {
  fraction_ = std::clamp(f, 0.0, 1.0);
  redraw();
}

void Progress::end_unit(const std::string& status, const std::map<std::string, double>& metrics, double seconds) {
  ++done_;
  ++done_here_;
  fraction_ = 0;
  std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " + label_ + ": ";
  if (status != "ok") line += status;
  for (const auto& [name, v] : metrics) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s=%.4f ", name.c_str(), v);
    line += buf;
  }
  line += "(" + format_seconds(seconds) + ")";
  if (terminal_) std::fprintf(out_, "\r\033[K");
  std::fprintf(out_, "%s\n", line.c_str());
  last_draw_ = {};
  redraw();
}

void Progress::finish() {
  if (terminal_) std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

}  // namespace simrec::scenarios
