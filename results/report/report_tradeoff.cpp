// The task trade-off of a two-task multi-task run (the PLE paper's seesaw, article 001; SPEC §7
// mtl-seesaw): each variant's paired gain over its reference on one task (x) against the other
// (y), in % of the reference's mean and signed so that right and up are better. Upper right: both
// tasks gain; upper left / lower right: one task traded for the other; lower left: both lose.
#include <cmath>
#include <map>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/metric_direction.hpp"
#include "results/number_format.hpp"
#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"
#include "results/run_view.hpp"
#include "results/stats/summary.hpp"

namespace simrec::results::report {

namespace {

// The run's two task metrics ("auc:click", "mse:completion_ratio"), or fewer / more than two.
// A task is the part after "auc:" (binary) or "mse:" (regression); ":mean" is not a task.
std::vector<std::string> task_metrics(const std::vector<std::string>& metrics) {
  std::vector<std::string> out;
  for (const auto& m : metrics)
    for (const char* family : {"auc:", "mse:"})
      if (m.rfind(family, 0) == 0 && m != std::string(family) + "mean") out.push_back(m);
  return out;
}

// Per paired seed: sign x (variant - reference) / |mean(reference over the seeds)| x 100, so that
// a positive gain is better.
std::vector<double> percent_gains(const std::map<std::int64_t, double>& v, const std::map<std::int64_t, double>& r,
                                  const std::string& metric, const std::vector<std::int64_t>& seeds) {
  double ref_mean = 0;
  for (auto s : seeds) ref_mean += r.at(s);
  ref_mean /= double(seeds.size());
  const double sign = metric_direction(metric).higher_is_better() ? 1.0 : -1.0;
  std::vector<double> out;
  for (auto s : seeds) out.push_back(ref_mean == 0 ? NAN : sign * (v.at(s) - r.at(s)) / std::abs(ref_mean) * 100.0);
  return out;
}

std::string reading(double gx, double gy, const std::string& tx, const std::string& ty) {
  if (gx > 0 && gy > 0) return "both better";
  if (gx <= 0 && gy <= 0) return "both worse";
  return gx > 0 ? tx + " better, " + ty + " worse" : ty + " better, " + tx + " worse";
}

std::string task_of(const std::string& metric) { return metric.substr(metric.find(':') + 1); }

}  // namespace

std::string tradeoff_section(const ScenarioGroup& g, Plotter& plotter) {
  if (g.runs.size() != 1) return "";
  const Run& run = *g.runs[0];
  const std::vector<std::string> tasks = task_metrics(metric_names(g.runs));
  if (tasks.size() != 2) return "";
  Comparison c;
  try {
    c = compare_runs(g.runs, {});  // compare's default reference, as in differences_section
  } catch (const InputError&) {
    return "";
  }
  const std::string &mx = tasks[0], &my = tasks[1], tx = task_of(mx), ty = task_of(my);
  LineChart chart;
  chart.title = "Task trade-off against " + c.reference_variant;
  chart.xlabel = "gain on " + tx + " (" + mx.substr(0, 3) + "), % of the reference";
  chart.ylabel = "gain on " + ty + " (" + my.substr(0, 3) + "), % of the reference";
  chart.zero_axes = true;
  HtmlTable table({"variant", "reference", "pairs", "gain on " + tx + " %", "p (t-test)", "gain on " + ty + " %", "p (t-test)", "reading"},
                  {false, false, true, true, true, true, true, false});
  const auto p_of = [&](const std::string& metric, const std::string& variant) {
    for (const auto& d : c.deltas)
      if (d.metric == metric && d.variant == variant && d.stats.n > 0) return d.stats.t_test.p_value;
    return double(NAN);
  };
  int color = 0;
  for (const auto& v : c.variants) {
    const std::string ref = reference_for(c, v);
    if (ref.empty()) continue;
    // Seeds where both tasks are reported by both sides.
    std::vector<std::int64_t> seeds;
    const auto vx = metric_by_seed(run, v, mx), vy = metric_by_seed(run, v, my), rx = metric_by_seed(run, ref, mx),
               ry = metric_by_seed(run, ref, my);
    for (const auto& [s, value] : vx)
      if (vy.count(s) && rx.count(s) && ry.count(s)) seeds.push_back(s);
    if (seeds.empty()) continue;
    const std::vector<double> gx = percent_gains(vx, rx, mx, seeds), gy = percent_gains(vy, ry, my, seeds);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      LineSeries seed_point;
      seed_point.x = {gx[i]};
      seed_point.y = {gy[i]};
      seed_point.color = color;
      seed_point.thin = true;
      seed_point.point_size = 0.5;
      chart.series.push_back(seed_point);
    }
    LineSeries mean_point;
    mean_point.name = v;
    mean_point.x = {stats::mean(gx)};
    mean_point.y = {stats::mean(gy)};
    mean_point.color = color++;
    mean_point.point_size = 1.5;
    chart.series.push_back(mean_point);
    table.add_row({v, ref, std::to_string(seeds.size()), format_delta(mean_point.x[0]), format_p(p_of(mx, v)),
                   format_delta(mean_point.y[0]), format_p(p_of(my, v)), reading(mean_point.x[0], mean_point.y[0], tx, ty)});
  }
  if (table.empty()) return "";
  // The reference itself sits at the origin; drawing it keeps the quadrants in view.
  LineSeries origin;
  origin.name = c.reference_variant + " (reference)";
  origin.x = {0.0};
  origin.y = {0.0};
  origin.color = color;
  origin.point_size = 1.5;
  chart.series.push_back(origin);
  std::string html = "<h3>Task trade-off</h3>\n<p>Each variant's gain over <strong>" + escape(c.reference_variant) + "</strong> (" +
                     escape(c.reference_rule) + ") on <code>" + escape(mx) + "</code> against <code>" + escape(my) +
                     "</code>, paired by seed, in % of the reference's mean and signed so that a positive gain is better "
                     "(lower MSE, higher AUC). Upper right: both tasks gain; upper left or lower right: one task traded "
                     "for the other (the PLE paper's seesaw); small points are single seeds.</p>\n";
  html += plotter.figure(chart, "Gain on " + escape(tx) + " (x) against gain on " + escape(ty) +
                                    " (y), % of the reference, mean over seeds (large) and per seed (small).");
  return html + table.render();
}

}  // namespace simrec::results::report
