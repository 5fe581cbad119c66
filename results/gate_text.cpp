// Text rendering of a GateResult (gate.hpp): a table of every check, one self-contained line per
// failure (for CI logs: grep FAIL), notes, and the summary line.
#include <set>
#include <sstream>

#include "results/gate.hpp"
#include "results/number_format.hpp"
#include "results/text_table.hpp"

namespace simrec::results {

namespace {

std::string direction_cell(const GateCheck& c) {
  if (c.kind == CheckKind::speed) return "ratio";
  if (c.kind == CheckKind::unit_status) return "-";
  if (!c.direction.known) return "higher?";
  if (c.direction.descriptive()) return "either";
  return c.direction.higher_is_better() ? "higher" : "lower";
}

std::string failure_line(const GateResult& r, const GateCheck& c) {
  std::ostringstream os;
  os << "FAIL scenario '" << r.scenario << "' variant '" << c.variant << "' metric '" << c.metric << "': ";
  if (!c.problem.empty()) {
    os << c.problem;
  } else if (c.kind == CheckKind::speed) {
    os << "baseline " << format_value(c.baseline) << " s, candidate " << format_value(c.candidate)
       << " s (median fit_seconds), ratio " << format_ratio(c.difference) << " exceeds speed tolerance "
       << format_ratio(c.tolerance) << " (" << c.seeds << " common seeds)";
  } else {
    os << "baseline " << format_value(c.baseline, 6) << ", candidate " << format_value(c.candidate, 6)
       << ", difference " << format_delta(c.difference, 4) << " ("
       << (c.direction.descriptive() ? "changed by " : "worse by ") << format_value(c.direction.worsening(c.difference))
       << ", tolerance " << format_value(c.tolerance) << "; " << describe(c.direction) << "; mean over " << c.seeds
       << " common seeds)";
  }
  return os.str();
}

}  // namespace

std::string format_gate(const GateResult& r) {
  std::ostringstream os;
  os << "gate: scenario '" << r.scenario << "'\n  baseline   " << r.baseline_path << "\n  candidate  "
     << r.candidate_path << "\n\n";
  TextTable t({"status", "variant", "metric", "better", "seeds", "baseline", "candidate", "difference", "tolerance"},
              "llllrrrrr");
  std::set<std::string> unknown;
  for (const auto& c : r.checks) {
    if (!c.direction.known && c.kind == CheckKind::metric) unknown.insert(c.metric);
    const std::string status = c.passed ? "ok" : "FAIL";
    if (!c.problem.empty()) {
      const std::string tol = c.kind == CheckKind::unit_status ? "-" : format_value(c.tolerance);
      t.add_row({status, c.variant, c.metric, direction_cell(c), "-", "-", "-", c.problem_short, tol});
    } else if (c.kind == CheckKind::speed) {
      t.add_row({status, c.variant, c.metric, "ratio", std::to_string(c.seeds), format_value(c.baseline) + " s",
                 format_value(c.candidate) + " s", format_ratio(c.difference), std::string("<= ") + format_ratio(c.tolerance)});
    } else {
      t.add_row({status, c.variant, c.metric, direction_cell(c), std::to_string(c.seeds), format_value(c.baseline, 6),
                 format_value(c.candidate, 6), format_delta(c.difference), format_value(c.tolerance)});
    }
  }
  os << t.render();
  if (!unknown.empty()) {
    os << "\nunknown direction (treated as higher is better, marked 'higher?'):";
    for (const auto& m : unknown) os << " " << m;
    os << "\n";
  }
  for (const auto& n : r.notes) os << "note: " << n << "\n";
  if (r.failures() > 0) {
    os << "\n";
    for (const auto& c : r.checks)
      if (!c.passed) os << failure_line(r, c) << "\n";
  }
  os << "\ngate " << (r.passed() ? "PASSED" : "FAILED") << ": ";
  if (r.passed()) os << "all " << r.checks.size() << " checks within tolerance";
  else os << r.failures() << " of " << r.checks.size() << " checks failed";
  os << " (scenario '" << r.scenario << "', baseline " << r.baseline_path << ", candidate " << r.candidate_path << ")\n";
  return os.str();
}

}  // namespace simrec::results
