#include "results/report/heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "results/number_format.hpp"
#include "results/report/html.hpp"

namespace simrec::results::report {

namespace {

constexpr double kStops[5][3] = {{255, 255, 204}, {161, 218, 180}, {65, 182, 196}, {44, 127, 184}, {37, 52, 148}};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string heat_color(double t) {
  t = std::clamp(std::isnan(t) ? 0.0 : t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, int(t));
  const double f = t - i;
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int(std::lround(kStops[i][0] + f * (kStops[i + 1][0] - kStops[i][0]))),
                int(std::lround(kStops[i][1] + f * (kStops[i + 1][1] - kStops[i][1]))),
                int(std::lround(kStops[i][2] + f * (kStops[i + 1][2] - kStops[i][2]))));
  return buf;
}

std::string heat_map_svg(const HeatMap& m) {
  const std::size_t R = m.row_labels.size(), C = m.col_labels.size();
  if (R == 0 || C == 0 || m.values.size() != R * C)
    throw std::invalid_argument("heat_map_svg: " + std::to_string(m.values.size()) + " values for " + std::to_string(R) + " x " +
                                std::to_string(C) + " labels");
  double lo = INFINITY, hi = -INFINITY;
  for (double v : m.values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(lo <= hi)) lo = hi = 0;
  // Cells as large as fit a ~520 x 520 plot area, at least 4 px.
  const double cell_w = std::clamp(520.0 / double(C), 4.0, 28.0), cell_h = std::clamp(520.0 / double(R), 4.0, 20.0);
  const double left = 70, top = 34, plot_w = cell_w * double(C), plot_h = cell_h * double(R);
  const double width = left + plot_w + 90, height = top + plot_h + 40;
  std::string s = "<svg viewBox=\"0 0 " + num(width) + " " + num(height) + "\" width=\"" + num(width) +
                  "\" height=\"" + num(height) + "\" font-family=\"sans-serif\" font-size=\"10\">\n";
  s += "<text x=\"" + num(left) + "\" y=\"14\" font-size=\"12\" font-weight=\"bold\">" + escape(m.title) + "</text>\n";
  s += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(top + plot_h + 28) + "\" text-anchor=\"middle\">" + escape(m.col_axis) + "</text>\n";
  s += "<text transform=\"translate(12," + num(top + plot_h / 2) + ") rotate(-90)\" text-anchor=\"middle\">" + escape(m.row_axis) + "</text>\n";
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < C; ++c) {
      const double v = m.values[r * C + c];
      const std::string fill = std::isnan(v) ? "#bbbbbb" : heat_color(hi > lo ? (v - lo) / (hi - lo) : 0.5);
      s += "<rect x=\"" + num(left + cell_w * double(c)) + "\" y=\"" + num(top + cell_h * double(r)) + "\" width=\"" + num(cell_w) +
           "\" height=\"" + num(cell_h) + "\" fill=\"" + fill + "\"><title>" + escape(m.row_labels[r] + ", " + m.col_labels[c] + ": " +
           (std::isnan(v) ? std::string("NaN") : format_value(v))) + "</title></rect>\n";
    }
  // Axis labels: every k-th so they do not overlap (10 px apart at least).
  const std::size_t row_step = std::size_t(std::ceil(11.0 / cell_h)), col_step = std::size_t(std::ceil(14.0 / cell_w));
  for (std::size_t r = 0; r < R; r += row_step)
    s += "<text x=\"" + num(left - 3) + "\" y=\"" + num(top + cell_h * (double(r) + 0.5) + 3) + "\" text-anchor=\"end\">" +
         escape(m.row_labels[r]) + "</text>\n";
  for (std::size_t c = 0; c < C; c += col_step)
    s += "<text x=\"" + num(left + cell_w * (double(c) + 0.5)) + "\" y=\"" + num(top - 4) + "\" text-anchor=\"middle\">" +
         escape(m.col_labels[c]) + "</text>\n";
  // Colour bar: low at the bottom.
  const double bx = left + plot_w + 16, bh = std::min(plot_h, 200.0);
  for (int i = 0; i < 20; ++i)
    s += "<rect x=\"" + num(bx) + "\" y=\"" + num(top + bh * (19 - i) / 20.0) + "\" width=\"12\" height=\"" + num(bh / 20.0 + 0.5) +
         "\" fill=\"" + heat_color((i + 0.5) / 20.0) + "\"/>\n";
  s += "<text x=\"" + num(bx + 16) + "\" y=\"" + num(top + 8) + "\">" + escape(format_value(hi)) + "</text>\n";
  s += "<text x=\"" + num(bx + 16) + "\" y=\"" + num(top + bh) + "\">" + escape(format_value(lo)) + "</text>\n";
  return s + "</svg>";
}

}  // namespace simrec::results::report
