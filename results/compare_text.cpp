// Text rendering of a Comparison (compare.hpp): header, warnings, the statistics table, failed
// units, speed ratios and a legend.
#include <algorithm>
#include <cstdint>
#include <sstream>

#include "results/compare.hpp"
#include "results/number_format.hpp"
#include "results/run_view.hpp"
#include "results/text_table.hpp"

namespace simrec::results {

std::string format_p_cell(double p) {
  const std::string s = format_p(p);
  return p < stats::kSignificanceLevel ? s + " *" : s;
}

namespace {

std::string n_cell(const MetricSummary& s) {
  std::string cell = std::to_string(s.n_ok);
  if (s.n_failed > 0) {
    cell += " (";
    cell += std::to_string(s.n_failed);
    cell += " failed)";
  }
  return cell;
}

void describe_runs(std::ostream& os, const Comparison& c, const std::vector<Run>& runs) {
  os << "scenario '" << c.scenario << "': " << runs.size() << (runs.size() == 1 ? " run" : " runs");
  if (c.several_runs) os << ", each compared with run A";
  os << "\n";
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& r = runs[k];
    os << "  " << c.labels[k] << "  " << r.path << "  (simrec " << r.info.simrec_version << " " << r.info.git_commit
       << ", scale " << r.info.scale << ", " << variant_order(r).names.size() << " variants, seeds "
       << seed_list(seeds_of(r)) << ", started " << r.info.start_time << ")\n";
  }
  if (!c.several_runs) os << "reference variant: " << c.reference_variant << " (" << c.reference_rule << ")\n";
  if (!c.reference_grid.empty()) {
    os << "  its grid points: " << name_list(c.reference_grid) << "\n";
    if (!c.without_reference.empty())
      os << "  no reference at the grid point of: " << name_list(c.without_reference) << " (shown without Δ)\n";
  }
  // Runs made on another CPU or with other BLAS kernels differ in last bits even with identical
  // configs (README, "Reproducibility"); say so before the numbers.
  for (std::size_t k = 1; k < runs.size(); ++k) {
    const RunInfo &a = runs[0].info, &b = runs[k].info;
    const bool kernels_known = a.blas_kernels != "unknown" && b.blas_kernels != "unknown";  // older files lack them
    if (a.cpu_model == b.cpu_model && (!kernels_known || a.blas_kernels == b.blas_kernels)) continue;
    os << "machine of " << c.labels[k] << " differs from A: CPU '" << b.cpu_model << "' vs '" << a.cpu_model << "', BLAS kernels '"
       << b.blas_kernels << "' vs '" << a.blas_kernels << "' (float results may differ in last bits even for identical configs)\n";
  }
  for (std::size_t k = 1; k < c.config_differences.size(); ++k) {
    const auto& diffs = c.config_differences[k];
    if (diffs.empty()) {
      os << "config of " << c.labels[k] << ": identical to A\n";
      continue;
    }
    os << "config of " << c.labels[k] << " differs from A in " << diffs.size() << (diffs.size() == 1 ? " key" : " keys")
       << ":\n";
    TextTable t({"key", "A", c.labels[k]}, "lll");
    for (const auto& d : diffs) t.add_row({d.key, d.a, d.b});
    std::istringstream lines(t.render());
    for (std::string line; std::getline(lines, line);) os << "    " << line << "\n";
  }
}

const DeltaRow* find_delta(const Comparison& c, const std::string& metric, const std::string& variant, std::size_t run) {
  for (const auto& d : c.deltas)
    if (d.metric == metric && d.variant == variant && d.run == run) return &d;
  return nullptr;
}

void add_delta_cells(std::vector<std::string>& row, const DeltaRow* d) {
  if (d == nullptr) {
    row.insert(row.end(), {"", "", "", "", "", ""});
    return;
  }
  if (d->stats.n == 0) {
    row.insert(row.end(), {"0", "no common ok seed", "", "", "", ""});
    return;
  }
  row.push_back(std::to_string(d->stats.n));
  row.push_back(format_delta(d->stats.mean_difference));
  row.push_back(format_interval(d->stats.ci.low, d->stats.ci.high, true));
  row.push_back(format_p_cell(d->stats.t_test.p_value));
  row.push_back(format_p_cell(d->t_p_holm));
  row.push_back(format_p_cell(d->stats.wilcoxon.p_value));
}

std::string statistics_table(const Comparison& c) {
  const std::string ref = c.several_runs ? "A" : c.reference_variant;
  std::vector<std::string> header = {"metric", "variant"};
  if (c.several_runs) header.push_back("run");
  for (const char* h : {"n", "mean ± std", "pairs", "Δ vs ", "95% CI of Δ", "p (t-test)", "p (t, Holm)", "p (Wilcoxon)"})
    header.push_back(h);
  header[header.size() - 5] += ref;
  TextTable t(header, c.several_runs ? "lllrlrrllll" : "llrlrrllll");
  bool first_metric = true;
  for (const auto& m : c.metrics) {
    if (!first_metric) t.add_blank_row();
    first_metric = false;
    bool first_row = true;
    if (std::find(c.shared_metrics.begin(), c.shared_metrics.end(), m) != c.shared_metrics.end()) {
      // The data's reference: one row per run, from the first variant that reports it.
      for (std::size_t k = 0; k < c.summaries.size(); ++k)
        for (const auto& v : c.variants) {
          const auto found = c.summaries[k].find({v, m});
          if (found == c.summaries[k].end() || found->second.n_ok == 0) continue;
          std::vector<std::string> row = {first_row ? m : "", "(the same for every variant: the data's)"};
          if (c.several_runs) row.push_back(c.labels[k]);
          row.push_back(n_cell(found->second));
          row.push_back(format_mean_std(found->second.mean, found->second.std));
          row.insert(row.end(), {"", "", "", "", "", ""});
          t.add_row(row);
          first_row = false;
          break;
        }
      continue;
    }
    for (const auto& v : c.variants) {
      bool first_of_variant = true;
      for (std::size_t k = 0; k < c.summaries.size(); ++k) {
        const auto found = c.summaries[k].find({v, m});
        if (found == c.summaries[k].end()) continue;
        const MetricSummary& s = found->second;
        if (s.n_ok == 0 && s.n_failed == 0) continue;  // this variant does not report the metric
        std::vector<std::string> row = {first_row ? m : "", first_of_variant || !c.several_runs ? v : ""};
        if (c.several_runs) row.push_back(c.labels[k]);
        row.push_back(n_cell(s));
        row.push_back(s.n_ok ? format_mean_std(s.mean, s.std) : "-");
        const bool is_reference =
            c.several_runs ? k == 0
                           : v == c.reference_variant ||
                                 std::find(c.reference_grid.begin(), c.reference_grid.end(), v) != c.reference_grid.end();
        const bool unmatched = std::find(c.without_reference.begin(), c.without_reference.end(), v) != c.without_reference.end();
        if (is_reference) {
          row.insert(row.end(), {"", "(reference)", "", "", "", ""});
        } else if (unmatched) {
          row.insert(row.end(), {"", "(no reference at its grid point)", "", "", "", ""});
        } else {
          add_delta_cells(row, find_delta(c, m, v, k));
        }
        t.add_row(row);
        first_row = first_of_variant = false;
      }
    }
  }
  return t.render();
}

std::string ratio_interval(const stats::ConfidenceInterval& ci) {
  std::string s = "[";
  s += format_ratio(ci.low);
  s += ", ";
  s += format_ratio(ci.high);
  s += "]";
  return s;
}

std::string speed_table(const Comparison& c) {
  std::vector<std::string> header = {"variant"};
  if (c.several_runs) header.push_back("run");
  for (const char* h : {"median fit s", "reference median s", "ratio", "range (min, max)", "95% CI (bootstrap)"})
    header.push_back(h);
  TextTable t(header, c.several_runs ? "llrrrll" : "lrrrll");
  for (const auto& s : c.speeds) {
    std::vector<std::string> row = {s.variant};
    if (c.several_runs) row.push_back(c.labels[s.run]);
    row.push_back(format_value(s.ratio.candidate_median));
    row.push_back(format_value(s.ratio.baseline_median));
    row.push_back(format_ratio(s.ratio.ratio));
    row.push_back(ratio_interval(s.ratio.range));
    row.push_back(ratio_interval(s.ratio.ci));
    t.add_row(row);
  }
  return t.render();
}

}  // namespace

std::string format_comparison(const Comparison& c, const std::vector<Run>& runs) {
  std::ostringstream os;
  describe_runs(os, c, runs);
  os << "data check: " << c.data_check << "\n";
  for (const auto& w : c.warnings) os << "warning: " << w << "\n";
  os << "\n" << statistics_table(c);
  if (!c.failed.empty()) {
    os << "\nfailed units (left out of every statistic):\n";
    for (const auto& f : c.failed)
      os << "  " << (c.several_runs ? c.labels[f.run] + "  " : "") << "variant " << f.variant << "  seed " << f.seed
         << "  status: " << f.status << "\n";
  }
  if (!c.speeds.empty()) {
    os << "\nfit time: ratio of medians vs " << (c.several_runs ? "run A" : c.reference_variant)
       << " (> 1 = slower)\n" << speed_table(c);
  }
  std::size_t min_pairs = SIZE_MAX;
  for (const auto& d : c.deltas) min_pairs = std::min(min_pairs, d.stats.n);
  os << "\nΔ = " << (c.several_runs ? "run - run A"
                                    : "variant - " + c.reference_variant + (c.reference_grid.empty() ? "" : " at the variant's grid point"))
     << ", mean over seeds paired between both (status ok on both sides); * p < 0.05.\n"
     << "p (t-test): paired t-test, two-sided. p (t, Holm): the same adjusted by Holm's step-down method over\n"
     << "the rows of that metric (a * there holds with every other row of the metric tested too).\n"
     << "p (Wilcoxon): signed-rank, two-sided, zero differences dropped, exact\n"
     << "null distribution up to 25 pairs. 95% CI: percentile bootstrap of the mean difference, 10000 resamples.\n";
  if (min_pairs != SIZE_MAX && min_pairs > 0 && min_pairs < 6)
    os << "note: with fewer than 6 pairs the Wilcoxon test cannot reach p < 0.05 (its smallest p is 2/2^n).\n";
  return os.str();
}

}  // namespace simrec::results
