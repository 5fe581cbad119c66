#pragma once
// A heat map of a 2-D array drawn as inline SVG (no gnuplot needed): the report's picture of a
// matrix such as a scenario x expert utilisation (article 004 figures 5-7) or a scenario x
// scenario affinity (figure 9). Cells coloured on a sequential scale from the smallest to the
// largest finite shown value (light yellow -> dark blue, 5-stop linear interpolation); NaN cells
// grey; each cell carries its row / column label and value as a tooltip; a colour bar gives the
// range. Rows and columns are drawn in the order given (the caller selects and orders them).

#include <string>
#include <vector>

namespace simrec::results::report {

struct HeatMap {
  std::string title, row_axis, col_axis;
  std::vector<std::string> row_labels, col_labels;  // one per row / column shown
  std::vector<double> values;                       // rows x cols, row-major
};

// The SVG element (throws std::invalid_argument when values do not match the labels).
std::string heat_map_svg(const HeatMap& map);

// RGB colour "#rrggbb" of t in [0, 1] on the scale above (t clamped).
std::string heat_color(double t);

}  // namespace simrec::results::report
