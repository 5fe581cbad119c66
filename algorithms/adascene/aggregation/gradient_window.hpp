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

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "nn/core/tensor.hpp"

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

// A method that writes every pair of a window's K scenarios into its pair table (an ordered map,
// ~100 bytes per pair) refuses a window of more than kMaxTableWindow scenarios with a
// std::runtime_error naming `method` and the way out, instead of exhausting memory.
inline constexpr std::size_t kMaxTableWindow = 5000;
void check_table_window(std::size_t scenarios, const char* method);

// The inner products of the window means, G_a . G_b, handed to f(a, b, dot) with a, b indexing
// `means` in its order (ascending scenario id): without a head for every pair a < b in ascending
// (a, b); with one (head[scenario id], sparse_affinity.hpp) only for the pairs with a head end:
// rows a ascending, and per row the head entries b ascending (b > a when a is in the head too). The
// dot products come from the engine's double GEMM (nn::matmul_t: fixed blocks, so bit-identical for
// any thread count) a block of kGramBlock rows at a time: memory O(K P + kGramBlock C) for C
// columns instead of the K x K matrix (K = 20,000 scenarios: 3.2 GB); cost O(K C P).
class GramRows {
 public:
  static constexpr std::int64_t kGramBlock = 256;
  // columns: the entries (indices into means) the rows are multiplied with; empty: all.
  GramRows(const std::map<std::uint32_t, GradientWindow::Mean>& means, const std::vector<std::size_t>& columns);
  std::int64_t size() const { return K_; }
  std::int64_t columns() const { return C_; }
  // Rows [first, first + count) against the columns, count x C row-major.
  std::vector<double> rows(std::int64_t first, std::int64_t count) const;

 private:
  std::int64_t K_ = 0, C_ = 0, P_ = 0;
  nn::Tensor all_, columns_;  // K x P, C x P
};

template <class F>
void for_each_gram_pair(const std::map<std::uint32_t, GradientWindow::Mean>& means, const std::vector<bool>& head, F&& f) {
  std::vector<std::size_t> column;  // entries that are columns (empty: all)
  std::vector<bool> in_head(means.size(), head.empty());
  std::size_t k = 0;
  for (const auto& [s, m] : means) {
    if (!head.empty() && head[s]) column.push_back(k), in_head[k] = true;
    ++k;
  }
  if (!head.empty() && column.empty()) return;
  const GramRows gram(means, column);
  const std::int64_t K = gram.size(), C = gram.columns();
  for (std::int64_t first = 0; first < K; first += GramRows::kGramBlock) {
    const std::int64_t count = std::min(GramRows::kGramBlock, K - first);
    const std::vector<double> block = gram.rows(first, count);
    for (std::int64_t r = 0; r < count; ++r) {
      const std::size_t a = std::size_t(first + r);
      for (std::int64_t c = 0; c < C; ++c) {
        const std::size_t b = head.empty() ? std::size_t(c) : column[std::size_t(c)];
        if (b == a || (in_head[a] && b < a)) continue;
        f(a, b, block[std::size_t(r * C + c)]);
      }
    }
  }
}

}  // namespace simrec::algorithms::adascene::aggregation
