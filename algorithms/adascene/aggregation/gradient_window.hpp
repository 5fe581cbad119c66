#pragma once
// The accumulated mode shared by the three affinity methods (affinity_window > 0): a scenario has
// only a few rows in one mini-batch (a Zipf tail scenario ~0-1 per batch of 512), so anything
// computed from one batch's per-scenario gradient is dominated by the noise of those few rows.
// Instead each measured step adds every present scenario's row-weighted expert-layer gradient and
// loss to a window, and at the end of the window (every W measured steps, and at the end of
// training) the method works on the window means
//
//   G_s = sum_t n_st g_st / sum_t n_st,   L_s = sum_t n_st L_st / sum_t n_st
//
// (n_st = scenario s's rows in step t). With centre = true, G_s is replaced by G_s - G, G =
// sum_s n_s G_s / sum_s n_s (the row-weighted mean over the window's scenarios): the direction
// every scenario shares (what the probe is still learning for all of them) is removed.
// Memory: one gradient of P = expert-layer weights per scenario seen in the window, in double.

#include <cstdint>
#include <map>
#include <vector>

namespace simrec::algorithms::adascene::aggregation {

class GradientWindow {
 public:
  struct Mean {
    std::vector<double> gradient;  // G_s (centred if asked)
    double rows = 0;               // sum_t n_st
    double loss = 0;               // L_s
  };

  void add(std::uint32_t scenario, double rows, const std::vector<float>& gradient, double loss);
  // The window's means, ordered by scenario; the window starts afresh.
  std::map<std::uint32_t, Mean> take(bool centre);
  // Whether measured step `step` (0-based step count, measured every `interval`) ends a window of W.
  static bool closes(std::uint64_t step, std::int64_t interval, std::int64_t window) {
    return (step / std::uint64_t(interval) + 1) % std::uint64_t(window) == 0;
  }

 private:
  std::map<std::uint32_t, Mean> sums_;  // running row-weighted sums
};

}  // namespace simrec::algorithms::adascene::aggregation
