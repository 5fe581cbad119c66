// Report heat maps: every 2-D array with both dimensions > 2 (arrays/expert_utilisation,
// arrays/scene_affinity, ...) drawn per run and variant for the variant's first seed that has it
// (different seeds are different simulated worlds, so matrices are not averaged over seeds).
// When the unit also stores arrays/scenario_train_rows with one entry per row, rows are ordered by
// it (most training rows first: the head scenarios on top), and so are the columns of a square
// matrix; an array over aggregation units (arrays/unit_affinity) is ordered by its units' summed
// rows through arrays/scene_unit. At most kMaxCells rows and columns are shown, and the caption
// says which.
#include <algorithm>
#include <numeric>

#include "results/report/heatmap.hpp"
#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"

namespace simrec::results::report {

namespace {

constexpr std::int64_t kMaxCells = 64;

// Per-row training rows for an n-row array, when the unit stores them: arrays/scenario_train_rows
// itself (one row per scenario), or summed per aggregation unit through arrays/scene_unit (one row
// per cell of a rule; scenarios with unit -1 belong to none). Empty when neither matches.
std::vector<double> row_traffic(const UnitResult& u, std::int64_t n, bool& per_unit) {
  per_unit = false;
  const auto rows = u.arrays.find("scenario_train_rows");
  if (rows == u.arrays.end()) return {};
  if (std::int64_t(rows->second.values.size()) == n) return rows->second.values;
  const auto unit_of = u.arrays.find("scene_unit");
  if (unit_of == u.arrays.end() || unit_of->second.values.size() != rows->second.values.size()) return {};
  std::vector<double> traffic(std::size_t(n), 0.0);
  for (std::size_t s = 0; s < rows->second.values.size(); ++s) {
    const double k = unit_of->second.values[s];
    if (k < 0) continue;
    if (k >= double(n)) return {};  // not this array's units
    traffic[std::size_t(k)] += rows->second.values[s];
  }
  per_unit = true;
  return traffic;
}

// Row indices in display order: by training rows when the unit has them for these rows.
std::vector<std::int64_t> display_order(const UnitResult& u, std::int64_t n, bool& by_traffic, bool& per_unit) {
  std::vector<std::int64_t> order(std::size_t(n), 0);
  std::iota(order.begin(), order.end(), std::int64_t(0));
  const std::vector<double> traffic = row_traffic(u, n, per_unit);
  by_traffic = !traffic.empty();
  if (by_traffic)
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return traffic[std::size_t(a)] > traffic[std::size_t(b)]; });
  return order;
}

}  // namespace

bool is_heat_map_shape(const NamedArray& a) { return a.dims.size() == 2 && a.dims[0] > 2 && a.dims[1] > 2; }

std::string heat_map_figures(const ScenarioGroup& g, const std::string& name) {
  std::string html;
  for (std::size_t k = 0; k < g.runs.size(); ++k)
    for (const auto& variant : g.variants) {
      const UnitResult* unit = nullptr;
      for (const auto& u : g.runs[k]->units)
        if (u.variant == variant && u.ok() && u.arrays.count(name) && is_heat_map_shape(u.arrays.at(name)) &&
            (!unit || u.seed < unit->seed))
          unit = &u;
      if (!unit) continue;
      const NamedArray& a = unit->arrays.at(name);
      const std::int64_t R = a.dims[0], C = a.dims[1];
      bool by_traffic = false, per_unit = false;
      const std::vector<std::int64_t> rows = display_order(*unit, R, by_traffic, per_unit);
      const std::string id = per_unit ? "unit id" : "scenario id";
      std::vector<std::int64_t> cols(static_cast<std::size_t>(C));
      std::iota(cols.begin(), cols.end(), std::int64_t(0));
      if (by_traffic && C == R) cols = rows;
      const std::int64_t shown_r = std::min(R, kMaxCells), shown_c = std::min(C, kMaxCells);
      HeatMap m;
      m.title = name + " — " + variant + (g.runs.size() > 1 ? " (" + g.labels[k] + ")" : "") + ", seed " + std::to_string(unit->seed);
      m.row_axis = by_traffic ? "row (" + id + "), most training rows first" : "row";
      m.col_axis = by_traffic && C == R ? "column (" + id + "), same order" : "column";
      for (std::int64_t i = 0; i < shown_r; ++i) m.row_labels.push_back(std::to_string(rows[std::size_t(i)]));
      for (std::int64_t j = 0; j < shown_c; ++j) m.col_labels.push_back(std::to_string(cols[std::size_t(j)]));
      for (std::int64_t i = 0; i < shown_r; ++i)
        for (std::int64_t j = 0; j < shown_c; ++j) m.values.push_back(a.values[std::size_t(rows[std::size_t(i)] * C + cols[std::size_t(j)])]);
      std::string caption = "arrays/" + escape(name) + " [" + std::to_string(R) + " x " + std::to_string(C) + "] of " + escape(variant) +
                            ", seed " + std::to_string(unit->seed) + " (one seed: each seed is its own world)";
      if (shown_r < R || shown_c < C)
        caption += "; <strong>showing the first " + std::to_string(shown_r) + " rows and " + std::to_string(shown_c) + " columns" +
                   (by_traffic ? " by training rows" : "") + "</strong>";
      else if (by_traffic)
        caption += "; rows ordered by training rows";
      if (per_unit) caption += " (a unit's: the sum over its scenarios, arrays/scene_unit)";
      caption += "; grey: NaN";
      html += "<figure class=\"plot\">" + heat_map_svg(m) + "<figcaption>" + caption + "</figcaption></figure>\n";
    }
  return html;
}

}  // namespace simrec::results::report
