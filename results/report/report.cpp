// The report page: plot rendering through gnuplot, provenance, per-scenario sections, timing,
// failed units, configuration, and the atomic write.
#include "results/report/report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "results/input_error.hpp"
#include "results/compare.hpp"
#include "results/number_format.hpp"
#include "results/report/html.hpp"
#include "results/report/report_parts.hpp"
#include "results/run_view.hpp"
#include "results/stats/summary.hpp"
#include "results/store/provenance.hpp"

namespace simrec::results::report {

Plotter::Plotter(bool enabled) {
  if (!enabled) {
    why_ = "plots were turned off (--no-plots)";
    return;
  }
  const std::optional<std::string> exe = find_gnuplot(why_);
  if (!exe) return;
  try {
    runner_ = std::make_unique<GnuplotRunner>(*exe);
    version_ = runner_->version();
  } catch (const PlotError& e) {
    runner_.reset();
    why_ = e.what();
  }
}

std::string Plotter::render(const PlotFiles& files, const std::string& caption, int width, int height) {
  std::string body;
  if (!runner_) {
    body = "<p class=\"note\">Plot unavailable: " + escape(why_) + "</p>";
  } else {
    try {
      body = runner_->render_svg(files, width, height);
      ++plots_;
    } catch (const PlotError& e) {
      ++failures_;
      body = "<p class=\"note\">Plot failed: " + escape(e.what()) + "</p>";
    }
  }
  return "<figure class=\"plot\">" + body + "<figcaption>" + caption + "</figcaption></figure>\n";
}

std::string Plotter::figure(const BarChart& chart, const std::string& caption) {
  double from = 0;
  const PlotFiles files = bar_chart_plot(chart, &from);
  std::string full = caption;
  if (!std::isnan(from)) full += "; <strong>y axis starts at " + escape(format_value(from)) + ", not 0</strong>";
  return render(files, full, 560, 330);
}

std::string Plotter::figure(const LineChart& chart, const std::string& caption) {
  if (chart.series.empty()) return "";
  return render(line_chart_plot(chart), caption, 560, 330 + 22 * legend_rows_below(chart));
}

namespace {

std::vector<ScenarioGroup> group_by_scenario(const std::vector<Run>& runs) {
  std::vector<ScenarioGroup> groups;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    ScenarioGroup* g = nullptr;
    for (auto& existing : groups)
      if (existing.scenario == runs[k].info.scenario) g = &existing;
    if (!g) {
      groups.push_back({runs[k].info.scenario, {}, {}, {}});
      g = &groups.back();
    }
    g->runs.push_back(&runs[k]);
    g->labels.push_back(run_label(k));
    for (const auto& v : variant_order(runs[k]).names)
      if (std::find(g->variants.begin(), g->variants.end(), v) == g->variants.end()) g->variants.push_back(v);
  }
  return groups;
}

std::string provenance_section(const std::vector<Run>& runs) {
  std::vector<std::string> header = {"run"};
  for (std::size_t k = 0; k < runs.size(); ++k) header.push_back(run_label(k));
  HtmlTable t(header);
  auto row = [&](const std::string& name, auto get) {
    std::vector<std::string> cells = {name};
    for (const auto& r : runs) cells.push_back(get(r));
    t.add_row(cells);
  };
  row("file", [](const Run& r) { return r.path; });
  row("scenario", [](const Run& r) { return r.info.scenario; });
  row("scale", [](const Run& r) { return r.info.scale; });
  row("simrec version", [](const Run& r) { return r.info.simrec_version; });
  row("git commit", [](const Run& r) { return r.info.git_commit; });
  row("build", [](const Run& r) { return r.info.build_type + " (" + r.info.build_flags + ")"; });
  row("compiler", [](const Run& r) { return r.info.compiler; });
  row("CPU", [](const Run& r) { return r.info.cpu_model; });
  row("BLAS kernels", [](const Run& r) { return r.info.blas_kernels; });
  row("threads", [](const Run& r) { return std::to_string(r.info.threads); });
  row("host", [](const Run& r) { return r.info.hostname; });
  row("command line", [](const Run& r) { return r.info.command_line; });
  row("started", [](const Run& r) { return r.info.start_time; });
  row("finished", [](const Run& r) { return r.info.end_time; });
  row("exit status", [](const Run& r) { return r.info.exit_status == 0 ? std::string("0 (ok)") : std::to_string(r.info.exit_status); });
  row("units", [](const Run& r) {
    std::size_t failed = 0;
    for (const auto& u : r.units) failed += !u.ok();
    return std::to_string(r.units.size() - failed) + " ok, " + std::to_string(failed) + " failed (" +
           std::to_string(variant_order(r).names.size()) + " variants, seeds " + seed_list(seeds_of(r)) + ")";
  });
  return "<h2 id=\"provenance\">Provenance</h2>\n" + t.render("provenance");
}

std::string timing_section(const ScenarioGroup& g) {
  HtmlTable t({"variant", "run", "ok seeds", "fit s (median)", "predict s (median)", "samples/s (median)",
               "peak RSS MiB (max)"},
              {false, false, true, true, true, true, true});
  for (const auto& v : g.variants)
    for (std::size_t k = 0; k < g.runs.size(); ++k) {
      std::vector<double> fit, predict, rate, rss;
      for (const auto& u : g.runs[k]->units)
        if (u.variant == v && u.ok()) {
          fit.push_back(u.timing.fit_seconds);
          predict.push_back(u.timing.predict_seconds);
          rate.push_back(u.timing.samples_per_second);
          rss.push_back(u.timing.peak_rss_bytes / (1024.0 * 1024.0));
        }
      if (fit.empty()) continue;
      t.add_row({v, g.labels[k], std::to_string(fit.size()), format_value(stats::median(fit)),
                 format_value(stats::median(predict)), format_value(stats::median(rate)),
                 format_value(*std::max_element(rss.begin(), rss.end()))});
    }
  return "<h3>Timing</h3>\n" + (t.empty() ? std::string("<p>No ok unit.</p>\n") : t.render());
}

std::string failed_and_config_section(const ScenarioGroup& g) {
  std::string html;
  HtmlTable failed({"run", "variant", "seed", "status"});
  for (std::size_t k = 0; k < g.runs.size(); ++k)
    for (const auto& u : g.runs[k]->units)
      if (!u.ok()) failed.add_raw_row({escape(g.labels[k]), escape(u.variant), std::to_string(u.seed),
                                       "<span class=\"fail\">" + escape(u.status) + "</span>"});
  if (!failed.empty()) html += "<h3>Failed units</h3>\n<p>Left out of every statistic and plot.</p>\n" + failed.render();
  html += "<h3>Configuration</h3>\n";
  for (std::size_t k = 0; k < g.runs.size(); ++k)
    html += "<details><summary>/config of " + escape(run_caption(g, k)) + "</summary><pre>" +
            escape(g.runs[k]->config) + "</pre></details>\n";
  return html;
}

}  // namespace

std::string build_report(const std::vector<Run>& runs, const ReportOptions& o, ReportSummary* summary) {
  if (runs.empty()) throw InputError("no run files given");
  Plotter plotter(o.plots);
  const std::vector<ScenarioGroup> groups = group_by_scenario(runs);
  std::string html = page_begin(o.title);
  html += "<h1>" + escape(o.title) + "</h1>\n<p class=\"sub\">" + std::to_string(runs.size()) +
          (runs.size() == 1 ? " run" : " runs") + " of " + std::to_string(groups.size()) +
          (groups.size() == 1 ? " scenario" : " scenarios") + ", generated " + escape(utc_now_iso8601()) + "</p>\n";
  html += "<nav><a href=\"#provenance\">Provenance</a>";
  for (const auto& g : groups) html += "<a href=\"#scenario-" + slug(g.scenario) + "\">" + escape(g.scenario) + "</a>";
  html += "</nav>\n";
  if (!plotter.available())
    html += "<p class=\"note\">Plots unavailable: " + escape(plotter.unavailable_reason()) +
            ". Every number is in the tables below.</p>\n";
  html += provenance_section(runs);
  for (const auto& g : groups) {
    html += "<h2 id=\"scenario-" + slug(g.scenario) + "\">Scenario " + escape(g.scenario) + "</h2>\n<p>Runs: ";
    for (std::size_t k = 0; k < g.runs.size(); ++k) html += (k ? ", " : "") + escape(run_caption(g, k));
    html += "</p>\n<section class=\"metrics\">" + metrics_section(g, plotter) + differences_section(g) + tradeoff_section(g, plotter) + traffic_section(g) +
            "</section>\n";
    html += "<section class=\"curves\">" + curves_section(g, plotter) + "</section>\n";
    html += "<section class=\"arrays\">" + arrays_section(g, plotter) + "</section>\n";
    html += "<section class=\"timing\">" + timing_section(g) + failed_and_config_section(g) + "</section>\n";
  }
  html += "<footer>simrec report. Plots: " +
          escape(plotter.available() ? plotter.version() + ", inline SVG" : "unavailable") + ".</footer>\n";
  html += page_end();
  if (summary) {
    summary->plots_available = plotter.available();
    summary->plots_unavailable_reason = plotter.unavailable_reason();
    summary->plots = plotter.plots();
    summary->plot_failures = plotter.failures();
  }
  return html;
}

void write_report_file(const std::string& path, const std::string& html) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw InputError("cannot write report '" + path + "': cannot create '" + tmp + "' (does the directory exist and is it writable?)");
    f << html;
    f.close();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError("cannot write report '" + path + "': writing '" + tmp + "' failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError("cannot write report '" + path + "': rename failed: " + ec.message());
  }
}

}  // namespace simrec::results::report
