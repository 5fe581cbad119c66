// Report heat maps: every 2-D array with both dimensions > 2 (arrays/expert_utilisation,
// arrays/scene_affinity, ...) drawn per run and variant for the variant's first seed that has it
// (different seeds are different simulated worlds, so matrices are not averaged over seeds).
// When the unit also stores arrays/scenario_train_rows with one entry per row, rows are ordered by
// it (most training rows first: the head scenarios on top), and so are the columns of a square
// matrix; at most kMaxCells rows and columns are shown, and the caption says which.
#include <algorithm>
#include <numeric>

#include "results/report/heatmap.hpp"
#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"

namespace simrec::results::report {

namespace {

constexpr std::int64_t kMaxCells = 64;

// Row indices in display order: by the unit's training rows per scenario when it matches.
std::vector<std::int64_t> display_order(const UnitResult& u, std::int64_t n, bool& by_traffic) {
  std::vector<std::int64_t> order(std::size_t(n), 0);
  std::iota(order.begin(), order.end(), std::int64_t(0));
  const auto it = u.arrays.find("scenario_train_rows");
  by_traffic = it != u.arrays.end() && std::int64_t(it->second.values.size()) == n;
  if (by_traffic) {
    const auto& rows = it->second.values;
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return rows[std::size_t(a)] > rows[std::size_t(b)]; });
  }
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
      bool by_traffic = false;
      const std::vector<std::int64_t> rows = display_order(*unit, R, by_traffic);
      std::vector<std::int64_t> cols(static_cast<std::size_t>(C));
      std::iota(cols.begin(), cols.end(), std::int64_t(0));
      if (by_traffic && C == R) cols = rows;
      const std::int64_t shown_r = std::min(R, kMaxCells), shown_c = std::min(C, kMaxCells);
      HeatMap m;
      m.title = name + " — " + variant + (g.runs.size() > 1 ? " (" + g.labels[k] + ")" : "") + ", seed " + std::to_string(unit->seed);
      m.row_axis = by_traffic ? "row (scenario id), most training rows first" : "row";
      m.col_axis = by_traffic && C == R ? "column (scenario id), same order" : "column";
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
      caption += "; grey: NaN";
      html += "<figure class=\"plot\">" + heat_map_svg(m) + "<figcaption>" + caption + "</figcaption></figure>\n";
    }
  return html;
}

}  // namespace simrec::results::report
