// Report sections for final metrics: bar charts with error bars, the means table, and the paired
// differences from compare.hpp.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/metric_direction.hpp"
#include "results/number_format.hpp"
#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"
#include "results/run_view.hpp"
#include "results/stats/summary.hpp"
#include "results/traffic_breakdown.hpp"

namespace simrec::results::report {

namespace {

std::vector<std::string> group_metrics(const ScenarioGroup& g) { return metric_names(g.runs); }

std::string p_html(double p) {
  const std::string s = escape(format_p(p));
  return p < stats::kSignificanceLevel ? "<strong>" + s + " *</strong>" : s;
}

// True when, in every run, at least two variants report `metric` and all of them report the same
// value on each seed: a statistic of the seed's data shared by the variants (the evaluator AUCs of
// an alignment run, a multi-task split's sizes). Bars of it would all be equal.
bool same_for_every_variant(const ScenarioGroup& g, const std::string& metric) {
  for (const Run* run : g.runs) {
    std::map<std::int64_t, double> first;
    std::size_t reporting = 0;
    for (const auto& v : g.variants) {
      const auto by_seed = metric_by_seed(*run, v, metric);
      if (by_seed.empty()) continue;
      ++reporting;
      for (const auto& [seed, value] : by_seed)
        if (const auto [it, added] = first.emplace(seed, value); !added && it->second != value) return false;
    }
    if (reporting < 2) return false;
  }
  return true;
}

}  // namespace

std::string run_caption(const ScenarioGroup& g, std::size_t k) {
  return g.labels[k] + ": " + std::filesystem::path(g.runs[k]->path).filename().string();
}

std::string metrics_section(const ScenarioGroup& g, Plotter& plotter) {
  const std::vector<std::string> metrics = group_metrics(g);
  std::string html = "<h3>Final metrics</h3>\n";
  if (metrics.empty()) return html + "<p class=\"note\">No unit reports a metric.</p>\n";

  std::vector<std::string> header = {"metric", "variant"};
  std::vector<bool> numeric = {false, false};
  for (std::size_t k = 0; k < g.runs.size(); ++k) {
    header.push_back(g.runs.size() > 1 ? g.labels[k] + " mean ± std" : "mean ± std");
    header.push_back(g.runs.size() > 1 ? g.labels[k] + " n" : "n");
    numeric.insert(numeric.end(), {true, true});
  }
  HtmlTable table(header, numeric);
  std::string plots = "<div class=\"plots\">\n";
  std::string not_drawn;
  for (const auto& m : metrics) {
    const bool draw = !same_for_every_variant(g, m);
    if (!draw) not_drawn += (not_drawn.empty() ? "" : ", ") + escape(m);
    BarChart chart;
    chart.title = m;
    chart.ylabel = m;
    for (std::size_t k = 0; k < g.runs.size(); ++k)
      chart.series.push_back({g.runs.size() > 1 ? run_caption(g, k) : g.labels[k], {}, {}, int(k)});
    bool first = true;
    for (const auto& v : g.variants) {
      std::vector<std::string> row = {first ? m : "", v};
      bool any = false;
      std::vector<double> means, stds;
      for (std::size_t k = 0; k < g.runs.size(); ++k) {
        const std::vector<double> values = values_of(metric_by_seed(*g.runs[k], v, m));
        const double mean = stats::mean(values), sd = stats::sample_std(values);
        means.push_back(mean);
        stds.push_back(sd);
        any = any || !values.empty();
        row.push_back(values.empty() ? "-" : format_mean_std(mean, sd));
        row.push_back(std::to_string(values.size()));
      }
      if (!any) continue;
      table.add_row(row);
      first = false;
      chart.categories.push_back(v);
      for (std::size_t k = 0; k < g.runs.size(); ++k) {
        chart.series[k].mean.push_back(means[k]);
        chart.series[k].err.push_back(stds[k]);
      }
    }
    if (!draw) continue;
    const std::string caption = escape(m) + " — mean over ok seeds, error bars ± 1 sample std (" +
                                escape(describe(metric_direction(m))) + ")";
    plots += plotter.figure(chart, caption);
  }
  plots += "</div>\n";
  if (!not_drawn.empty())
    plots += "<p class=\"note\">Not drawn (the same for every variant of a seed): " + not_drawn +
             " -- statistics of the data the variants share; their values are in the table.</p>\n";
  return html + plots + table.render();
}

std::string differences_section(const ScenarioGroup& g) {
  std::string html = "<h3>Paired differences</h3>\n";
  Comparison c;
  try {
    c = compare_runs(g.runs, {});
  } catch (const InputError& e) {
    return html + "<p class=\"note\">Not compared: " + escape(e.what()) + "</p>\n";
  }
  if (c.deltas.empty()) return html + "<p>Only one variant and one run: nothing to compare.</p>\n";
  html += c.several_runs ? "<p>Each run minus run A, per variant, paired by seed.</p>\n"
                         : "<p>Each variant minus the reference variant <strong>" + escape(c.reference_variant) +
                               "</strong> (" + escape(c.reference_rule) + "), paired by seed.</p>\n";
  std::vector<std::string> header = {"metric", "variant"};
  if (c.several_runs) header.push_back("run");
  for (const char* h : {"pairs", "reference mean", "mean", "Δ", "95% CI of Δ", "p (t-test)", "p (t, Holm)", "p (Wilcoxon)"})
    header.push_back(h);
  std::vector<bool> numeric(header.size(), true);
  numeric[0] = numeric[1] = false;
  if (c.several_runs) numeric[2] = false;
  HtmlTable table(header, numeric);
  std::string last_metric;
  for (const auto& d : c.deltas) {
    // A metric every variant reports alike (the data's, e.g. oracle_*): no differences to show.
    if (std::find(c.shared_metrics.begin(), c.shared_metrics.end(), d.metric) != c.shared_metrics.end()) continue;
    std::vector<std::string> row = {d.metric == last_metric ? "" : escape(d.metric), escape(d.variant)};
    last_metric = d.metric;
    if (c.several_runs) row.push_back(escape(c.labels[d.run]));
    row.push_back(std::to_string(d.stats.n));
    if (d.stats.n == 0) {
      row.insert(row.end(), {"-", "-", "no common ok seed", "", "", "", ""});
    } else {
      row.push_back(escape(format_value(d.stats.mean_a)));
      row.push_back(escape(format_value(d.stats.mean_b)));
      row.push_back(escape(format_delta(d.stats.mean_difference)));
      row.push_back(escape(format_interval(d.stats.ci.low, d.stats.ci.high, true)));
      row.push_back(p_html(d.stats.t_test.p_value));
      row.push_back(p_html(d.t_p_holm));
      row.push_back(p_html(d.stats.wilcoxon.p_value));
    }
    table.add_raw_row(row);
  }
  html += table.render();
  html += "<p class=\"sub\">* p &lt; 0.05. t-test: paired, two-sided; Holm: its p adjusted by Holm's step-down "
          "method over the rows of the same metric (a * there survives every other row of the metric being tested too). Wilcoxon: signed-rank, two-sided, zero "
          "differences dropped, exact up to 25 pairs (with fewer than 6 pairs it cannot reach p &lt; 0.05). "
          "CI: percentile bootstrap of the mean difference, 10000 resamples.</p>\n";
  for (const auto& w : c.warnings) html += "<p class=\"note\">Warning: " + escape(w) + "</p>\n";
  return html;
}

std::string traffic_section(const ScenarioGroup& g) {
  if (g.runs.size() != 1) return "";
  TrafficBreakdown t;
  try {
    // compare's default reference (the run's first variant), as in differences_section.
    const std::vector<std::string> variants = variant_order(*g.runs[0]).names;
    if (variants.size() < 2) return "";
    t = traffic_breakdown(*g.runs[0], variants.front(), variants);
  } catch (const InputError&) {
    return "";  // not a multi-scenario run: no per-scenario arrays
  }
  if (t.bands.empty()) return "";
  std::string html = "<h3>Per-scenario AUC by traffic</h3>\n<p>Scenarios binned by their training rows; mean test AUC over "
                     "each band's scenarios with both labels, each variant against <strong>" + escape(t.reference) +
                     "</strong>, paired by seed (<code>simrec compare --by-traffic</code>).</p>\n";
  HtmlTable bands({"variant", "training rows", "scenarios", "pairs", "reference mean", "mean", "Δ", "95% CI of Δ", "p (t-test)",
                   "p (Wilcoxon)"},
                  {false, false, true, true, true, true, true, true, true, true});
  std::string last;
  for (const auto& r : t.bands) {
    bands.add_raw_row({r.variant == last ? "" : escape(r.variant), escape(traffic_band_label(r)), escape(format_value(r.scenarios)),
                       std::to_string(r.stats.n), escape(format_value(r.stats.mean_a)), escape(format_value(r.stats.mean_b)),
                       escape(format_delta(r.stats.mean_difference)),
                       escape(format_interval(r.stats.ci.low, r.stats.ci.high, true)), p_html(r.stats.t_test.p_value),
                       p_html(r.stats.wilcoxon.p_value)});
    last = r.variant;
  }
  html += bands.render();
  html += "<p>Trend: per seed, the least-squares slope of the per-scenario AUC gain on log10(training rows); negative = "
          "larger gains on small scenarios.</p>\n";
  HtmlTable slopes({"variant", "pairs", "mean slope", "95% CI", "p (t-test)", "p (Wilcoxon)", "negative"},
                   {false, true, true, true, true, true, true});
  for (const auto& s : t.slopes) {
    slopes.add_raw_row({escape(s.variant), std::to_string(s.stats.n), escape(format_delta(s.stats.mean_difference)),
                        escape(format_interval(s.stats.ci.low, s.stats.ci.high, true)), p_html(s.stats.t_test.p_value),
                        p_html(s.stats.wilcoxon.p_value), std::to_string(s.negative) + " of " + std::to_string(s.slopes.size())});
  }
  return html + slopes.render();
}

}  // namespace simrec::results::report
