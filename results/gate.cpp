#include "results/gate.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/run_view.hpp"
#include "results/stats/speed_ratio.hpp"
#include "results/stats/summary.hpp"

namespace simrec::results {

namespace {

const char* kToleranceSyntax =
    "expected METRIC=VALUE[,METRIC=VALUE...] with VALUE a number >= 0, e.g. auc=0.002,recall@10=0.005";

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::vector<std::string> baseline_metrics(const Run& run, const std::string& variant) {
  std::set<std::string> names;
  for (const auto& u : run.units)
    if (u.variant == variant && u.ok())
      for (const auto& [name, v] : u.metrics) names.insert(name);
  return {names.begin(), names.end()};
}

double tolerance_for(const std::string& metric, const GateOptions& o) {
  if (auto it = o.tolerances.find(metric); it != o.tolerances.end()) return it->second;
  if (auto it = o.tolerances.find(parse_metric_name(metric).family); it != o.tolerances.end()) return it->second;
  return o.default_tolerance;
}

void check_tolerance_keys(const Run& baseline, const GateOptions& o) {
  std::vector<const Run*> runs = {&baseline};
  const std::vector<std::string> metrics = metric_names(runs);
  for (const auto& [key, tol] : o.tolerances) {
    const bool used = std::any_of(metrics.begin(), metrics.end(), [&](const std::string& m) {
      return m == key || parse_metric_name(m).family == key;
    });
    if (used) continue;
    std::string list;
    for (const auto& m : metrics) list += (list.empty() ? "" : ", ") + m;
    throw InputError("--tolerance names metric '" + key + "', which baseline '" + baseline.path +
                     "' does not report; it reports: " + list);
  }
}

// A check that fails for a structural reason (nothing to compare).
GateCheck problem_check(const std::string& variant, const std::string& metric, const std::string& problem_short,
                        const std::string& problem, double tolerance) {
  GateCheck c;
  c.problem_short = problem_short;
  c.variant = variant;
  c.metric = metric;
  c.direction = metric_direction(metric);
  c.tolerance = tolerance;
  c.problem = problem;
  c.baseline = c.candidate = c.difference = std::nan("");
  return c;
}

GateCheck metric_check(const Run& baseline, const Run& candidate, const std::string& v, const std::string& m,
                       const GateOptions& o) {
  const double tol = tolerance_for(m, o);
  const auto base = metric_by_seed(baseline, v, m);
  const auto cand = metric_by_seed(candidate, v, m);
  const Paired p = pair_by_seed(base, cand);
  if (p.seeds.empty()) {
    bool reported = false;
    for (const auto& u : candidate.units) reported = reported || (u.variant == v && u.metrics.count(m));
    if (!reported) return problem_check(v, m, "missing metric", "metric missing from the candidate", tol);
    return problem_check(v, m, "no common seed", "no seed with an ok unit in both runs", tol);
  }
  GateCheck c;
  c.variant = v;
  c.metric = m;
  c.direction = metric_direction(m);
  c.tolerance = tol;
  c.seeds = p.seeds.size();
  c.baseline = stats::mean(p.a);
  c.candidate = stats::mean(p.b);
  c.difference = c.candidate - c.baseline;
  const double worsening = c.direction.worsening(c.difference);
  c.passed = worsening <= tol + kGateRelativeSlack * std::max(1.0, std::fabs(c.baseline));  // NaN fails
  return c;
}

GateCheck speed_check(const Run& baseline, const Run& candidate, const std::string& v, double max_ratio) {
  const Paired p = pair_by_seed(fit_seconds_by_seed(baseline, v), fit_seconds_by_seed(candidate, v));
  if (p.seeds.empty()) {
    GateCheck c = problem_check(v, "fit_seconds", "no common seed", "no seed with an ok unit in both runs", max_ratio);
    c.kind = CheckKind::speed;
    return c;
  }
  GateCheck c;
  c.variant = v;
  c.metric = "fit_seconds";
  c.kind = CheckKind::speed;
  c.direction = metric_direction("fit_seconds");
  c.tolerance = max_ratio;
  c.seeds = p.seeds.size();
  const stats::SpeedRatio r = stats::speed_ratio(p.b, p.a);
  c.baseline = r.baseline_median;
  c.candidate = r.candidate_median;
  c.difference = r.ratio;
  c.passed = r.ratio <= max_ratio;
  return c;
}

}  // namespace

std::size_t GateResult::failures() const {
  return std::size_t(std::count_if(checks.begin(), checks.end(), [](const GateCheck& c) { return !c.passed; }));
}

std::map<std::string, double> parse_tolerances(const std::string& text) {
  std::map<std::string, double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = trim(text.substr(start, comma - start));
    const auto eq = item.find('=');
    if (item.empty() || eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw InputError("malformed --tolerance '" + text + "' at '" + item + "': " + kToleranceSyntax);
    const std::string key = trim(item.substr(0, eq)), value = trim(item.substr(eq + 1));
    double v = 0;
    std::size_t used = 0;
    try {
      v = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != value.size() || !(v >= 0) || !std::isfinite(v))
      throw InputError("malformed --tolerance '" + text + "': value '" + value + "' of '" + key + "' is not a number >= 0; " +
                       kToleranceSyntax);
    if (out.count(key)) throw InputError("--tolerance gives metric '" + key + "' twice in '" + text + "'");
    out[key] = v;
    start = comma + 1;
  }
  return out;
}

GateResult run_gate(const Run& baseline, const Run& candidate, const GateOptions& o) {
  check_same_scenario(baseline, candidate);
  check_tolerance_keys(baseline, o);
  if (!(o.default_tolerance >= 0)) throw InputError("--default-tolerance must be a number >= 0");
  if (o.speed_tolerance && !(*o.speed_tolerance > 0)) throw InputError("--speed-tolerance must be a ratio > 0, e.g. 1.5");
  GateResult r;
  r.scenario = baseline.info.scenario;
  r.baseline_path = baseline.path;
  r.candidate_path = candidate.path;
  for (const auto& v : variant_order(baseline).names) {
    const std::vector<std::string> metrics = baseline_metrics(baseline, v);
    if (metrics.empty()) {
      r.notes.push_back("variant " + v + ": no ok unit in the baseline, nothing to gate");
      continue;
    }
    if (!has_variant(candidate, v)) {
      for (const auto& m : metrics) r.checks.push_back(
            problem_check(v, m, "missing variant", "variant missing from the candidate", tolerance_for(m, o)));
      continue;
    }
    for (const auto& m : metrics) r.checks.push_back(metric_check(baseline, candidate, v, m, o));
    for (const auto& bu : baseline.units) {
      if (bu.variant != v || !bu.ok()) continue;
      const UnitResult* cu = candidate.find(v, bu.seed);
      if (cu == nullptr) {
        r.notes.push_back("variant " + v + " seed " + std::to_string(bu.seed) + ": in the baseline, not in the candidate");
      } else if (!cu->ok()) {
        GateCheck c = problem_check(v, "status", "seed " + std::to_string(bu.seed) + " failed",
                                    "candidate seed " + std::to_string(bu.seed) + " failed (baseline ok): " + cu->status, 0);
        c.kind = CheckKind::unit_status;
        r.checks.push_back(c);
      }
    }
    if (o.speed_tolerance) r.checks.push_back(speed_check(baseline, candidate, v, *o.speed_tolerance));
  }
  for (const auto& u : baseline.units)
    if (!u.ok()) r.notes.push_back("variant " + u.variant + " seed " + std::to_string(u.seed) +
                                   ": failed in the baseline (" + u.status + "), left out");
  return r;
}

}  // namespace simrec::results
