#include "results/stats/paired_comparison.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "results/stats/summary.hpp"

namespace simrec::stats {

PairedComparison compare_paired(std::span<const double> a, std::span<const double> b, const BootstrapOptions& o) {
  if (a.size() != b.size())
    throw std::invalid_argument("compare_paired: samples differ in length (" + std::to_string(a.size()) + " vs " +
                                std::to_string(b.size()) + ")");
  PairedComparison c;
  c.n = a.size();
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  c.mean_a = mean(a);
  c.mean_b = mean(b);
  c.mean_difference = mean(d);
  c.t_test = one_sample_t_test(d);
  c.wilcoxon = wilcoxon_signed_rank(d);
  c.ci = bootstrap_mean_ci(d, o);
  return c;
}

}  // namespace simrec::stats
