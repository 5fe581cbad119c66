#include "results/stats/wilcoxon.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::stats {

namespace {

// Doubled midranks of |d| (integers: 2 * midrank), in the order of d, plus sum(t^3 - t) over
// tie groups for the normal approximation.
std::vector<long long> doubled_midranks(const std::vector<double>& d, double& tie_term) {
  const std::size_t n = d.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return std::fabs(d[i]) < std::fabs(d[j]); });
  std::vector<long long> r2(n);
  tie_term = 0;
  for (std::size_t lo = 0; lo < n;) {
    std::size_t hi = lo + 1;
    while (hi < n && std::fabs(d[order[hi]]) == std::fabs(d[order[lo]])) ++hi;
    // Ranks lo+1 .. hi share their mean; doubled: (lo + 1) + hi.
    for (std::size_t k = lo; k < hi; ++k) r2[order[k]] = static_cast<long long>(lo + 1 + hi);
    const double t = double(hi - lo);
    tie_term += t * t * t - t;
    lo = hi;
  }
  return r2;
}

// P(W2+ <= m2) under H0, counting sign patterns over the doubled ranks.
double exact_lower_tail(const std::vector<long long>& r2, long long m2) {
  const long long total = std::accumulate(r2.begin(), r2.end(), 0LL);
  std::vector<double> count(std::size_t(total) + 1, 0.0);  // counts <= 2^25: exact in double
  count[0] = 1;
  long long reach = 0;
  for (long long r : r2) {
    for (long long s = reach; s >= 0; --s)
      if (count[std::size_t(s)] != 0) count[std::size_t(s + r)] += count[std::size_t(s)];
    reach += r;
  }
  double below = 0;
  for (long long s = 0; s <= m2 && s <= total; ++s) below += count[std::size_t(s)];
  return below / std::ldexp(1.0, int(r2.size()));
}

}  // namespace

WilcoxonResult wilcoxon_signed_rank(std::span<const double> differences) {
  WilcoxonResult r;
  r.n_pairs = differences.size();
  std::vector<double> d;
  for (double v : differences) {
    if (std::isnan(v)) throw std::invalid_argument("wilcoxon_signed_rank: a difference is NaN");
    if (v == 0) ++r.n_zero;
    else d.push_back(v);
  }
  r.n_used = d.size();
  if (d.empty()) return r;  // p = 1, method none

  double tie_term = 0;
  const std::vector<long long> r2 = doubled_midranks(d, tie_term);
  long long w2_plus = 0, w2_minus = 0;
  for (std::size_t i = 0; i < d.size(); ++i) (d[i] > 0 ? w2_plus : w2_minus) += r2[i];
  r.w_plus = double(w2_plus) / 2;
  r.w_minus = double(w2_minus) / 2;
  r.statistic = std::min(r.w_plus, r.w_minus);

  const double n = double(d.size());
  if (d.size() <= kExactMaxPairs) {
    r.method = WilcoxonMethod::exact;
    r.p_value = std::min(1.0, 2 * exact_lower_tail(r2, std::min(w2_plus, w2_minus)));
    return r;
  }
  r.method = WilcoxonMethod::normal;
  const double mu = n * (n + 1) / 4;
  const double var = n * (n + 1) * (2 * n + 1) / 24 - tie_term / 48;
  r.z = (r.w_plus - mu) / std::sqrt(var);
  r.p_value = std::min(1.0, std::erfc(std::fabs(r.z) / std::sqrt(2.0)));  // 2 (1 - Phi(|z|))
  return r;
}

WilcoxonResult wilcoxon_signed_rank(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size())
    throw std::invalid_argument("wilcoxon_signed_rank: samples differ in length (" + std::to_string(a.size()) +
                                " vs " + std::to_string(b.size()) + ")");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  return wilcoxon_signed_rank(d);
}

}  // namespace simrec::stats
