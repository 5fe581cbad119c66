// Report sections drawn as lines: training curves (curves/<metric>) and generic arrays
// (arrays/<name> of shape [n], [n,1], [1,n] or [n,2]); 2-D arrays with both dimensions > 2 go to
// heat maps (report_heatmaps.cpp); per-item arrays (arrays/per_*, run_types.hpp) are listed, not drawn.
#include <algorithm>
#include <map>
#include <set>

#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"

namespace simrec::results::report {

namespace {

constexpr std::size_t kMaxPoints = 2000;

std::string series_name(const ScenarioGroup& g, const std::string& variant, std::size_t k) {
  return g.runs.size() > 1 ? variant + " (" + g.labels[k] + ")" : variant;
}

// Mean over curves at every x any of them has (each x averaged over the curves that have it).
LineSeries mean_line(const std::vector<const Curve*>& curves) {
  std::map<double, std::pair<double, int>> acc;
  for (const Curve* c : curves)
    for (std::size_t i = 0; i < c->x.size() && i < c->y.size(); ++i) {
      auto& [sum, n] = acc[c->x[i]];
      sum += c->y[i];
      ++n;
    }
  LineSeries line;
  for (const auto& [x, sn] : acc) {
    line.x.push_back(x);
    line.y.push_back(sn.first / sn.second);
  }
  return line;
}

// Whether every line's x is a prefix of the longest line's x (same grid; early stopping allowed),
// so that averaging point by point means something.
bool shared_grid(const std::vector<Curve>& lines) {
  const Curve* longest = &lines.front();
  for (const auto& c : lines)
    if (c.x.size() > longest->x.size()) longest = &c;
  for (const auto& c : lines)
    if (!std::equal(c.x.begin(), c.x.end(), longest->x.begin())) return false;
  return true;
}

// (x, y) of a drawable array, or false for shapes that are not a single line.
bool array_as_line(const NamedArray& a, Curve& out) {
  const auto& d = a.dims;
  const bool one_d = d.size() == 1 || (d.size() == 2 && (d[1] == 1 || d[0] == 1));
  if (one_d) {
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      out.x.push_back(double(i));
      out.y.push_back(a.values[i]);
    }
    return true;
  }
  if (d.size() == 2 && d[1] == 2) {
    for (std::size_t i = 0; i + 1 < a.values.size(); i += 2) {
      out.x.push_back(a.values[i]);
      out.y.push_back(a.values[i + 1]);
    }
    return true;
  }
  return false;
}

std::string shape_text(const std::vector<std::int64_t>& dims) {
  std::string s;
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s.empty() ? "scalar" : s;
}

// Thin per-seed lines and a bold mean per (run, variant). `get` yields the seed's line if it has one.
template <class Get>
LineChart seed_lines(const ScenarioGroup& g, const std::string& title, const std::string& xlabel, Get get,
                     bool& thinned) {
  LineChart chart;
  chart.title = title;
  chart.xlabel = xlabel;
  chart.ylabel = title;
  for (std::size_t vi = 0; vi < g.variants.size(); ++vi)
    for (std::size_t k = 0; k < g.runs.size(); ++k) {
      std::vector<Curve> seeds;
      for (const auto& u : g.runs[k]->units) {
        Curve c;
        if (u.variant == g.variants[vi] && u.ok() && get(u, c) && !c.x.empty()) seeds.push_back(std::move(c));
      }
      if (seeds.empty()) continue;
      if (!shared_grid(seeds)) {  // no meaningful mean: every seed drawn, the first one named
        for (std::size_t i = 0; i < seeds.size(); ++i) {
          LineSeries line{i == 0 ? series_name(g, g.variants[vi], k) : "", seeds[i].x, seeds[i].y, int(vi), int(k), false};
          thinned = thinned || line.x.size() > kMaxPoints;
          thin_out(line.x, line.y, kMaxPoints);
          chart.series.push_back(std::move(line));
        }
        continue;
      }
      std::vector<const Curve*> ptrs;
      for (auto& c : seeds) {
        ptrs.push_back(&c);
        if (seeds.size() == 1) break;  // one seed: its line is the mean
        LineSeries thin{"", c.x, c.y, int(vi), int(k), true};
        thinned = thinned || thin.x.size() > kMaxPoints;
        thin_out(thin.x, thin.y, kMaxPoints);
        chart.series.push_back(std::move(thin));
      }
      LineSeries mean = mean_line(ptrs);
      mean.name = series_name(g, g.variants[vi], k);
      mean.color = int(vi);
      mean.dash = int(k);
      thinned = thinned || mean.x.size() > kMaxPoints;
      thin_out(mean.x, mean.y, kMaxPoints);
      chart.series.push_back(std::move(mean));
    }
  return chart;
}

}  // namespace

std::string curves_section(const ScenarioGroup& g, Plotter& plotter) {
  std::set<std::string> names;
  for (const Run* r : g.runs)
    for (const auto& u : r->units)
      for (const auto& [name, c] : u.curves) names.insert(name);
  std::string html = "<h3>Training curves</h3>\n";
  if (names.empty()) return html + "<p>No curves recorded.</p>\n";
  html += "<div class=\"plots\">\n";
  for (const auto& name : names) {
    bool thinned = false;
    const LineChart chart = seed_lines(g, name, is_per_step_curve(name) ? "optimizer step" : "epoch", [&](const UnitResult& u, Curve& out) {
      const auto it = u.curves.find(name);
      if (it == u.curves.end()) return false;
      out = it->second;
      return true;
    }, thinned);
    std::string caption = escape(name) + " — bold: mean over seeds; thin: single seeds";
    if (g.runs.size() > 1) caption += "; dash pattern: run";
    if (thinned) caption += "; long lines drawn with every k-th point";
    html += plotter.figure(chart, caption);
  }
  return html + "</div>\n";
}

std::string arrays_section(const ScenarioGroup& g, Plotter& plotter) {
  std::set<std::string> drawable;
  std::set<std::string> heat_maps;
  std::map<std::string, std::set<std::string>> not_drawn;  // name -> shapes
  for (const Run* r : g.runs)
    for (const auto& u : r->units)
      for (const auto& [name, a] : u.arrays) {
        Curve probe;
        if (is_per_item_array(name)) not_drawn[name].insert(shape_text(a.dims));
        else if (array_as_line(a, probe)) drawable.insert(name);
        else if (is_heat_map_shape(a)) heat_maps.insert(name);
        else not_drawn[name].insert(shape_text(a.dims));
      }
  std::string html = "<h3>Arrays</h3>\n";
  if (drawable.empty() && heat_maps.empty() && not_drawn.empty()) return html + "<p>No arrays recorded.</p>\n";
  if (!heat_maps.empty()) {
    html += "<div class=\"plots\">\n";
    for (const auto& name : heat_maps) html += heat_map_figures(g, name);
    html += "</div>\n";
  }
  if (!drawable.empty()) {
    html += "<div class=\"plots\">\n";
    for (const auto& name : drawable) {
      bool thinned = false;
      bool indexed = false;
      const LineChart chart = seed_lines(g, name, "", [&](const UnitResult& u, Curve& out) {
        const auto it = u.arrays.find(name);
        if (it == u.arrays.end() || !array_as_line(it->second, out)) return false;
        indexed = indexed || it->second.dims.size() == 1 || it->second.dims[1] == 1 || it->second.dims[0] == 1;
        return true;
      }, thinned);
      LineChart labelled = chart;
      labelled.xlabel = indexed ? "index" : "column 0";
      std::string caption = "arrays/" + escape(name) + (indexed ? " (values by index)" : " (column 1 against column 0)") +
                            " — bold: mean over seeds; thin: single seeds";
      if (thinned) caption += "; long arrays drawn with every k-th point";
      html += plotter.figure(labelled, caption);
    }
    html += "</div>\n";
  }
  if (!not_drawn.empty()) {
    HtmlTable t({"array", "shape", "why not drawn"});
    for (const auto& [name, shapes] : not_drawn)
      for (const auto& s : shapes)
        t.add_row({"arrays/" + name, s,
                   is_per_item_array(name) ? "one value per evaluated item (per_*): data for analysis, read it from the run file"
                                           : "not one line or a heat map: [n], [n,1], [1,n], [n,2] and [r,c] with r, c > 2 are drawn"});
    html += t.render();
  }
  return html;
}

}  // namespace simrec::results::report
