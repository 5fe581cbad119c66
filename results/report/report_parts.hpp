#pragma once
// Internals of the report shared by its section builders (report.hpp is the interface).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "results/report/charts.hpp"
#include "results/report/gnuplot.hpp"
#include "results/report/report.hpp"
#include "results/store/run_types.hpp"

namespace simrec::results::report {

// Runs of one scenario, labelled "A", "B", ... as in the provenance table.
struct ScenarioGroup {
  std::string scenario;
  std::vector<const Run*> runs;
  std::vector<std::string> labels;
  std::vector<std::string> variants;  // the first run's order, then any others
};

// Turns charts into <figure> elements (inline SVG), or into a note when plots are unavailable or
// one fails, counting both.
class Plotter {
 public:
  explicit Plotter(bool enabled);
  bool available() const { return runner_ != nullptr; }
  const std::string& unavailable_reason() const { return why_; }
  std::string version() const { return version_; }
  // A bar chart whose y axis does not start at 0 gets that said in its caption.
  std::string figure(const BarChart& chart, const std::string& caption);
  std::string figure(const LineChart& chart, const std::string& caption);
  std::size_t plots() const { return plots_; }
  std::size_t failures() const { return failures_; }

 private:
  std::string render(const PlotFiles& files, const std::string& caption, int width, int height);
  std::unique_ptr<GnuplotRunner> runner_;
  std::string why_, version_;
  std::size_t plots_ = 0, failures_ = 0;
};

std::string metrics_section(const ScenarioGroup& g, Plotter& plotter);
std::string differences_section(const ScenarioGroup& g);
// Two-task multi-task runs (one run): each variant's paired gain on one task against the other
// (report_tradeoff.cpp); "" otherwise.
std::string tradeoff_section(const ScenarioGroup& g, Plotter& plotter);
// Multi-scenario runs (one run per scenario): per-scenario AUC gains by traffic; "" otherwise.
std::string traffic_section(const ScenarioGroup& g);
std::string curves_section(const ScenarioGroup& g, Plotter& plotter);
std::string arrays_section(const ScenarioGroup& g, Plotter& plotter);
// 2-D arrays with both dimensions > 2 are drawn as heat maps (report_heatmaps.cpp).
bool is_heat_map_shape(const NamedArray& a);
std::string heat_map_figures(const ScenarioGroup& g, const std::string& name);

// "A: base.h5" (the file name without directories)
std::string run_caption(const ScenarioGroup& g, std::size_t k);

}  // namespace simrec::results::report
