#include "results/report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace simrec::results::report {

namespace {

// A gnuplot single-quoted string: only ' needs doubling.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "''";
    else if (ch != '\n' && ch != '\r') out += ch;
  }
  return out + "'";
}

// A data-file cell: full precision, "?" for missing.
std::string cell(double v) {
  if (!std::isfinite(v)) return "?";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A category label for the data file: double-quoted, without embedded double quotes.
std::string label_cell(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? '\'' : ch;
  return out + "\"";
}

const char* kCommon =
    "set datafile missing '?'\n"
    "set border 3 lc rgb '#555555'\n"
    "set tics nomirror textcolor rgb '#333333'\n"
    "set grid ytics lc rgb '#dddddd' lw 1 dt 1\n"
    "set key outside right top vertical Left reverse noautotitle samplen 2 spacing 1.1\n";

}  // namespace

std::string palette_color(int index) {
  static const char* colors[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                 "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return colors[((index % 10) + 10) % 10];
}

void thin_out(std::vector<double>& x, std::vector<double>& y, std::size_t max_points) {
  if (x.size() <= max_points || max_points < 2) return;
  const std::size_t stride = (x.size() + max_points - 2) / (max_points - 1);
  std::vector<double> tx, ty;
  for (std::size_t i = 0; i < x.size(); i += stride) {
    tx.push_back(x[i]);
    ty.push_back(y[i]);
  }
  if (tx.back() != x.back()) {
    tx.push_back(x.back());
    ty.push_back(y.back());
  }
  x.swap(tx);
  y.swap(ty);
}

PlotFiles bar_chart_plot(const BarChart& c, double* y_axis_from) {
  std::ostringstream data, s;
  bool all_nonnegative = true;
  double lo = INFINITY, hi = -INFINITY;  // extent of bars and error bars
  std::size_t longest = 0;
  for (std::size_t k = 0; k < c.categories.size(); ++k) {
    data << label_cell(c.categories[k]);
    longest = std::max(longest, c.categories[k].size());
    for (const auto& series : c.series) {
      const double m = series.mean[k];
      const double e = k < series.err.size() && std::isfinite(series.err[k]) ? series.err[k] : 0.0;
      all_nonnegative = all_nonnegative && (!std::isfinite(m) || m - e >= 0);
      if (std::isfinite(m)) {
        lo = std::min(lo, m - e);
        hi = std::max(hi, m + e);
      }
      data << " " << cell(m) << " " << cell(std::isfinite(m) ? e : NAN);
    }
    data << "\n";
  }
  s << kCommon << "set title " << quoted(c.title) << " font 'sans,12'\n"
    << "set ylabel " << quoted(c.ylabel) << "\n"
    << "set style data histogram\nset style histogram errorbars gap 1 lw 1.2\n"
    << "set style fill solid 0.85 border -1\nset boxwidth 0.9\nset bars front\nset xtics scale 0\n"
    << "set offset 0, 0, graph 0.05, 0\n";
  if (y_axis_from) *y_axis_from = NAN;
  if (all_nonnegative && std::isfinite(lo) && hi > 0 && (hi - lo) < 0.25 * hi) {
    const double from = std::max(0.0, lo - 0.15 * (hi - lo) - 1e-12 * hi);
    s << "set yrange [" << cell(from) << ":*]\n";
    if (y_axis_from) *y_axis_from = from;
  } else {
    s << (all_nonnegative ? "set yrange [0:*]\n" : "set auto y\n");
  }
  if (longest > 8 || c.categories.size() > 6) s << "set xtics rotate by -30 left\n";
  if (c.series.size() < 2) s << "unset key\n";
  s << "plot ";
  for (std::size_t j = 0; j < c.series.size(); ++j) {
    if (j) s << ", ";
    s << "'bars.dat' using " << 2 + 2 * j << ":" << 3 + 2 * j;
    if (j == 0) s << ":xtic(1)";
    s << " title " << quoted(c.series[j].name) << " lc rgb '" << palette_color(c.series[j].color) << "'";
  }
  s << "\n";
  return {s.str(), {{"bars.dat", data.str()}}};
}

int legend_rows_below(const LineChart& chart) {
  std::size_t longest = 0, named = 0;
  for (const auto& line : chart.series) {
    longest = std::max(longest, line.name.size());
    named += !line.name.empty();
  }
  return longest > 24 ? int(named) : 0;
}

PlotFiles line_chart_plot(const LineChart& c) {
  std::ostringstream data, s;
  for (const auto& line : c.series) {
    for (std::size_t i = 0; i < line.x.size(); ++i) data << cell(line.x[i]) << " " << cell(line.y[i]) << "\n";
    data << "\n\n";  // blocks separated by two blank lines: "index i"
  }
  s << kCommon << "set title " << quoted(c.title) << " font 'sans,12'\n"
    << "set xlabel " << quoted(c.xlabel) << "\nset ylabel " << quoted(c.ylabel) << "\n"
    << "set grid xtics ytics lc rgb '#dddddd' lw 1 dt 1\n";
  if (legend_rows_below(c) > 0) s << "set key below left Left reverse vertical maxcols 1\n";
  if (c.zero_axes)
    s << "set xzeroaxis lt 1 lw 1 lc rgb '#777777'\nset yzeroaxis lt 1 lw 1 lc rgb '#777777'\n"
      << "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n";
  s << "plot ";
  for (std::size_t j = 0; j < c.series.size(); ++j) {
    const auto& line = c.series[j];
    if (j) s << ", \\\n     ";
    // thin: the same colour at ~35% opacity (gnuplot's #AARRGGBB: AA is transparency)
    const std::string color = line.thin ? "#a6" + palette_color(line.color).substr(1) : palette_color(line.color);
    s << "'lines.dat' index " << j << " using 1:2 with " << (line.x.size() == 1 ? "points pt 7 ps " + cell(line.point_size) : "lines")
      << " lw " << (line.thin ? "0.8" : "2.2") << " dt " << (line.dash + 1) << " lc rgb '" << color << "'";
    if (line.name.empty()) s << " notitle";
    else s << " title " << quoted(line.name);
  }
  s << "\n";
  return {s.str(), {{"lines.dat", data.str()}}};
}

}  // namespace simrec::results::report
