#include "results/traffic_breakdown.hpp"

#include <cmath>
#include <limits>
#include <sstream>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/number_format.hpp"
#include "results/run_view.hpp"
#include "results/text_table.hpp"

namespace simrec::results {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

const std::vector<double>* array_of(const UnitResult& u, const std::string& name) {
  const auto it = u.arrays.find(name);
  return it == u.arrays.end() ? nullptr : &it->second.values;
}

// Band index of a scenario with `rows` training rows: 0 for [0, 10) ... (decades); rows < 1 and
// rows >= 10^(n-1) fall in the first and last band.
std::size_t band_of(double rows, std::size_t num_bands) {
  if (rows < 10) return 0;
  const auto b = std::size_t(std::floor(std::log10(rows)));
  return b < num_bands ? b : num_bands - 1;
}

}  // namespace

std::string traffic_band_label(const TrafficBandRow& row) {
  auto num = [](double x) { return std::to_string(std::int64_t(x)); };
  if (std::isinf(row.rows_high)) return ">= " + num(row.rows_low);
  return "[" + num(row.rows_low) + ", " + num(row.rows_high) + ")";
}

double least_squares_slope(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) return std::numeric_limits<double>::quiet_NaN();
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
  mx /= double(n);
  my /= double(n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : std::numeric_limits<double>::quiet_NaN();
}

TrafficBreakdown traffic_breakdown(const Run& run, const std::string& reference, const std::vector<std::string>& variants) {
  if (!has_variant(run, reference))
    throw InputError("--by-traffic: '" + run.path + "' has no variant '" + reference + "'");
  // The bands: decades up to the largest scenario of any reference unit.
  double max_rows = 0;
  bool any_arrays = false;
  for (const auto& u : run.units) {
    if (u.variant != reference || !u.ok()) continue;
    const auto* rows = array_of(u, "scenario_train_rows");
    if (!rows || !array_of(u, "scenario_auc")) continue;
    any_arrays = true;
    for (double r : *rows) max_rows = std::max(max_rows, r);
  }
  if (!any_arrays)
    throw InputError("--by-traffic needs the per-scenario arrays 'scenario_auc' and 'scenario_train_rows' of a multi-scenario "
                     "run (task = multiscenario); '" + run.path + "' (variant '" + reference + "') has none");
  const std::size_t num_bands = max_rows < 10 ? 1 : std::size_t(std::floor(std::log10(max_rows))) + 1;

  TrafficBreakdown out;
  out.reference = reference;
  for (const auto& v : variants) {
    if (v == reference) continue;
    // Per band: per-seed (a, b) band means and scenario counts.
    std::vector<std::vector<double>> a(num_bands), b(num_bands), count(num_bands);
    std::vector<std::vector<std::int64_t>> band_seeds(num_bands);
    TrafficSlopeRow slope;
    slope.variant = v;
    for (const auto& ru : run.units) {
      if (ru.variant != reference || !ru.ok()) continue;
      const UnitResult* su = run.find(v, ru.seed);
      if (!su || !su->ok()) continue;
      const auto *rows = array_of(ru, "scenario_train_rows"), *ra = array_of(ru, "scenario_auc"), *sa = array_of(*su, "scenario_auc");
      if (!rows || !ra || !sa || ra->size() != rows->size() || sa->size() != rows->size()) continue;
      std::vector<double> sum_a(num_bands, 0), sum_b(num_bands, 0), n(num_bands, 0), x, gain;
      for (std::size_t s = 0; s < rows->size(); ++s) {
        const double r = (*rows)[s], ya = (*ra)[s], yb = (*sa)[s];
        if (std::isnan(ya) || std::isnan(yb)) continue;
        const std::size_t k = band_of(r, num_bands);
        sum_a[k] += ya, sum_b[k] += yb, n[k] += 1;
        if (r >= 1) x.push_back(std::log10(r)), gain.push_back(yb - ya);
      }
      for (std::size_t k = 0; k < num_bands; ++k) {
        if (n[k] < 2) continue;
        a[k].push_back(sum_a[k] / n[k]);
        b[k].push_back(sum_b[k] / n[k]);
        count[k].push_back(n[k]);
        band_seeds[k].push_back(ru.seed);
      }
      const double sl = least_squares_slope(x, gain);
      if (!std::isnan(sl)) slope.seeds.push_back(ru.seed), slope.slopes.push_back(sl);
    }
    for (std::size_t k = 0; k < num_bands; ++k) {
      if (a[k].empty()) continue;
      TrafficBandRow row;
      row.variant = v;
      row.rows_low = k == 0 ? 0 : std::pow(10.0, double(k));
      row.rows_high = k + 1 == num_bands ? kInf : std::pow(10.0, double(k + 1));
      double total = 0;
      for (double c : count[k]) total += c;
      row.scenarios = total / double(count[k].size());
      row.seeds = band_seeds[k];
      row.stats = stats::compare_paired(a[k], b[k]);
      out.bands.push_back(std::move(row));
    }
    if (!slope.slopes.empty()) {
      const std::vector<double> zeros(slope.slopes.size(), 0.0);
      slope.stats = stats::compare_paired(zeros, slope.slopes);
      for (double x : slope.slopes) slope.negative += x < 0;
      out.slopes.push_back(std::move(slope));
    }
  }
  return out;
}

std::string format_traffic_breakdown(const TrafficBreakdown& t) {
  std::ostringstream os;
  os << "\nper-scenario AUC by training rows (scenarios binned by their training rows; mean AUC over the band's "
        "scenarios with both labels in the test days, paired by seed; reference: "
     << t.reference << ")\n";
  TextTable table({"variant", "training rows", "scenarios", "pairs", t.reference, "variant", "Δ", "95% CI of Δ", "p (t-test)",
                   "p (Wilcoxon)"},
                  "llrrrrrlrr");
  std::string last;
  for (const auto& r : t.bands) {
    if (!last.empty() && r.variant != last) table.add_blank_row();
    table.add_row({r.variant == last ? "" : r.variant, traffic_band_label(r), format_value(r.scenarios, 4),
                   std::to_string(r.stats.n), format_value(r.stats.mean_a), format_value(r.stats.mean_b),
                   format_delta(r.stats.mean_difference), format_interval(r.stats.ci.low, r.stats.ci.high, true),
                   format_p_cell(r.stats.t_test.p_value), format_p_cell(r.stats.wilcoxon.p_value)});
    last = r.variant;
  }
  os << table.render();
  os << "\ntrend: slope of the per-scenario AUC gain on log10(training rows), per seed (negative = larger gains on "
        "small scenarios)\n";
  TextTable slopes({"variant", "pairs", "mean slope", "95% CI", "p (t-test)", "p (Wilcoxon)", "negative", "per seed"},
                   "lrrlrrrl");
  for (const auto& s : t.slopes) {
    std::string per;
    for (std::size_t i = 0; i < s.slopes.size(); ++i) {
      per += (i ? " " : "") + std::to_string(s.seeds[i]) + ":" + format_delta(s.slopes[i], 2);
    }
    slopes.add_row({s.variant, std::to_string(s.stats.n), format_delta(s.stats.mean_difference),
                    format_interval(s.stats.ci.low, s.stats.ci.high, true), format_p_cell(s.stats.t_test.p_value),
                    format_p_cell(s.stats.wilcoxon.p_value), std::to_string(s.negative) + " of " + std::to_string(s.slopes.size()), per});
  }
  os << slopes.render();
  return os.str();
}

}  // namespace simrec::results
