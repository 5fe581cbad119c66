// simrec report: a self-contained HTML page with plots of one or more runs (results/report/).
#include <boost/program_options.hpp>
#include <iostream>

#include "app/commands/command.hpp"
#include "app/commands/run_loading.hpp"
#include "results/report/report.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int report_command(const Args& args) {
  std::vector<std::string> files;
  std::string out;
  results::report::ReportOptions o;
  po::options_description desc(
      "usage: simrec report RUN.h5 [RUN2.h5 ...] -o report.html [--title TEXT] [--no-plots]\n\n"
      "Writes one self-contained HTML page (inline CSS and SVG plots, no external resources): provenance\n"
      "of each run, per scenario bar charts of final metrics (mean ± std over seeds), paired differences,\n"
      "training curves, 1-D / two-column arrays, timing and configuration. Plots need gnuplot (or\n"
      "$SIMREC_GNUPLOT); without it the page has the tables only and says so. An existing output file\n"
      "is replaced.\n\n"
      "options");
  desc.add_options()("help,h", "show this help")
      ("output,o", po::value(&out), "the HTML file to write (required)")
      ("title", po::value(&o.title)->default_value(o.title), "page title")
      ("no-plots", "tables only, do not run gnuplot");
  po::options_description hidden;
  hidden.add_options()("files", po::value(&files));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "simrec report: " << e.what() << "\n\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (files.empty() || out.empty()) {
    std::cerr << "simrec report: " << (files.empty() ? "no run files given" : "-o/--output is required") << "\n\n"
              << desc;
    return 2;
  }
  o.plots = !vm.count("no-plots");
  return with_input_errors("report", [&] {
    const std::vector<results::Run> runs = read_runs(files);
    results::report::ReportSummary summary;
    const std::string html = results::report::build_report(runs, o, &summary);
    results::report::write_report_file(out, html);
    std::cout << "wrote " << out << " (" << runs.size() << (runs.size() == 1 ? " run, " : " runs, ") << summary.plots
              << " plots";
    if (summary.plot_failures) std::cout << ", " << summary.plot_failures << " plots failed";
    if (!summary.plots_available) std::cout << "; plots unavailable: " << summary.plots_unavailable_reason;
    std::cout << ")\n";
    return 0;
  });
}

}  // namespace simrec::app
