#pragma once
// `simrec report`: one self-contained HTML page for one or more runs (SPEC §5):
//   - provenance of every run (version, commit, build, compiler, CPU, threads, host, scale,
//     command line, start / end time, exit status, units ok / failed);
//   - per scenario (runs grouped by their scenario name):
//       metrics: a bar chart per metric (mean over ok seeds, error bar = sample std; one bar per
//                run in each variant's group) and the numbers as a table;
//       differences: compare.hpp's paired statistics (Δ, bootstrap 95% CI, t-test and Wilcoxon
//                p) vs the reference variant (one run) or vs the first run (several runs);
//       training curves: per curve name one plot, per (run, variant) the seed mean in bold and
//                every seed as a thin line of the same colour;
//       arrays: every arrays/<name> that is 1-D, [n,1], [1,n] or [n,2] as a line plot (x = index
//                or the first column), one thin line per seed; other shapes are listed, not drawn;
//       timing (medians over ok seeds), failed units, and the resolved /config.
// Plots are SVG from gnuplot (gnuplot.hpp) inlined into the page; without gnuplot the page
// still has every table and says that plots are unavailable and why.

#include <string>
#include <vector>

#include "results/store/run_types.hpp"

namespace simrec::results::report {

struct ReportOptions {
  std::string title = "simrec report";
  bool plots = true;  // false: tables only
};

struct ReportSummary {
  bool plots_available = false;
  std::string plots_unavailable_reason;
  std::size_t plots = 0, plot_failures = 0;
};

std::string build_report(const std::vector<Run>& runs, const ReportOptions& options, ReportSummary* summary = nullptr);

// Writes `html` to "<path>.tmp-<pid>" in the same directory, then renames it to `path` (a reader
// never sees half a page). Throws InputError naming the path and the reason when it cannot.
void write_report_file(const std::string& path, const std::string& html);

}  // namespace simrec::results::report
