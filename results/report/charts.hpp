#pragma once
// The two chart kinds of the report, described as data and turned into gnuplot scripts
// (gnuplot.hpp renders them):
//   BarChart:  categories on x (variants), one bar per series (run) in each category, bar height
//              = mean, error bar = +- err (sample std over seeds). Missing values (NaN) draw no bar.
//              The y axis starts at 0 when every bar is >= 0 and the bars differ by more than 25%
//              of the largest; when they are closer (AUC 0.70 vs 0.73: differences invisible from
//              0) the axis is zoomed to the bars' range and y_axis_from reports where it starts,
//              so the caption can say the bars are truncated.
//   LineChart: lines (x, y); "thin" lines are drawn light and narrow (single seeds), the others
//              bold (seed means); colour by index into a fixed palette, dash type by index. A
//              series of one point is drawn as a point (a scatter: one series per point).
// Labels are printed literally (no gnuplot "enhanced" markup), so names need no escaping beyond
// gnuplot's single-quoted strings.

#include <string>
#include <vector>

#include "results/report/gnuplot.hpp"

namespace simrec::results::report {

struct BarSeries {
  std::string name;
  std::vector<double> mean, err;  // one per category
  int color = 0;
};

struct BarChart {
  std::string title, ylabel;
  std::vector<std::string> categories;
  std::vector<BarSeries> series;
};

struct LineSeries {
  std::string name;  // legend entry; empty = not in the legend
  std::vector<double> x, y;
  int color = 0;
  int dash = 0;  // 0 = solid
  bool thin = false;
  double point_size = 0.6;  // a one-point series is drawn as a point of this size
};

struct LineChart {
  std::string title, xlabel, ylabel;
  std::vector<LineSeries> series;
  bool zero_axes = false;  // draw the lines x = 0 and y = 0 (quadrants of a scatter)
};

// Hex colours of the palette ("#4e79a7", ...), cycled by index.
std::string palette_color(int index);

// Rows of the legend when it goes below the plot (entries longer than 24 characters would squeeze
// the plot beside them; one per row), else 0. The figure grows by these rows.
int legend_rows_below(const LineChart& chart);

// y_axis_from: NaN when the y axis starts at 0 (or is automatic), else its lower end.
PlotFiles bar_chart_plot(const BarChart& chart, double* y_axis_from = nullptr);
PlotFiles line_chart_plot(const LineChart& chart);

// At most `max_points` points: every k-th point (and the last), for very long arrays.
void thin_out(std::vector<double>& x, std::vector<double>& y, std::size_t max_points);

}  // namespace simrec::results::report
