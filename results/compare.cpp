#include "results/compare.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "results/input_error.hpp"
#include "results/run_view.hpp"
#include "results/stats/holm.hpp"
#include "results/stats/summary.hpp"

namespace simrec::results {

namespace {

void check_common_unit(const Run& a, const Run& b) {
  for (const auto& u : b.units)
    if (a.find(u.variant, u.seed) != nullptr) return;
  auto describe = [](const Run& r) {
    return "'" + r.path + "' has variants {" + name_list(variant_order(r).names) + "} and seeds {" +
           seed_list(seeds_of(r)) + "}";
  };
  throw InputError("cannot compare '" + a.path + "' with '" + b.path + "': they have no (variant, seed) in common; " +
                   describe(a) + ", " + describe(b));
}

MetricSummary summarize(const Run& run, const std::string& variant, const std::string& metric) {
  MetricSummary s;
  const std::vector<double> v = values_of(metric_by_seed(run, variant, metric));
  for (const auto& u : run.units) s.n_failed += u.variant == variant && !u.ok();
  s.n_ok = v.size();
  s.mean = stats::mean(v);
  s.std = stats::sample_std(v);
  return s;
}

std::vector<std::string> choose_metrics(const std::vector<const Run*>& runs, const std::vector<std::string>& wanted) {
  const std::vector<std::string> all = metric_names(runs);
  if (wanted.empty()) return all;
  for (const auto& m : wanted)
    if (std::find(all.begin(), all.end(), m) == all.end())
      throw InputError("unknown metric '" + m + "' in --metrics; the runs report: " + name_list(all));
  return wanted;
}

void check_data_hashes(const std::vector<const Run*>& runs, Comparison& c) {
  std::size_t checked = 0, unhashed = 0, mismatched = 0;
  for (std::size_t k = 1; k < runs.size(); ++k)
    for (const auto& u : runs[k]->units) {
      const UnitResult* ref = runs[0]->find(u.variant, u.seed);
      if (!ref) continue;
      if (ref->data_hash.empty() || u.data_hash.empty()) {
        ++unhashed;
        continue;
      }
      ++checked;
      if (ref->data_hash != u.data_hash) ++mismatched;
      if (ref->data_hash != u.data_hash)
        c.warnings.push_back("variant " + u.variant + " seed " + std::to_string(u.seed) + ": " + c.labels[k] +
                             " and " + c.labels[0] + " did not see the same data (data_hash " + u.data_hash +
                             " vs " + ref->data_hash + ")");
    }
  // Within a run: pairing variants by seed assumes each seed's variants saw the same data.
  std::size_t seeds_checked = 0, seeds_mismatched = 0;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    std::map<std::int64_t, std::map<std::string, std::vector<std::string>>> by_seed;  // seed -> hash -> variants
    for (const auto& u : runs[k]->units)
      if (!u.data_hash.empty()) by_seed[u.seed][u.data_hash].push_back(u.variant);
    for (const auto& [seed, hashes] : by_seed) {
      ++seeds_checked;
      if (hashes.size() < 2) continue;
      ++seeds_mismatched;
      std::string detail;
      for (const auto& [hash, variants] : hashes) detail += (detail.empty() ? "" : "; ") + hash + ": " + name_list(variants);
      c.warnings.push_back(c.labels[k] + " seed " + std::to_string(seed) +
                           ": variants did not see the same data, so pairing them by seed is weaker (" + detail + ")");
    }
  }
  std::string& line = c.data_check;
  if (runs.size() > 1) {
    line = "data_hash of the same (variant, seed) across runs: " + std::to_string(checked - mismatched) + " of " +
           std::to_string(checked) + " match";
    if (unhashed) line += ", " + std::to_string(unhashed) + " without a hash";
    line += "; ";
  }
  line += "variants of the same seed within a run: " + std::to_string(seeds_checked - seeds_mismatched) + " of " +
          std::to_string(seeds_checked) + " seeds saw identical data";
}

// The grid point of a variant name: the components of its "[k=v,...]" suffix whose key names a
// world or data section (sim.task_correlation=0.5; keys with a dot), sorted; "" without any.
std::string grid_point(const std::string& variant) {
  const auto open = variant.find('[');
  if (open == std::string::npos || variant.back() != ']') return "";
  std::vector<std::string> parts;
  std::stringstream in(variant.substr(open + 1, variant.size() - open - 2));
  for (std::string part; std::getline(in, part, ',');) {
    const auto eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq).find('.') != std::string::npos) parts.push_back(part);
  }
  std::sort(parts.begin(), parts.end());
  std::string key;
  for (const auto& p : parts) key += (key.empty() ? "" : ",") + p;
  return key;
}

// Variants of one run paired by seed against the reference at the same grid point: each pair's
// units of a seed should have seen the same data.
void check_pair_hashes(const Run& run, const std::map<std::string, std::string>& reference_of, Comparison& c) {
  std::size_t checked = 0, mismatched = 0;
  for (const auto& [variant, reference] : reference_of)
    for (const auto& u : run.units) {
      if (u.variant != variant || u.data_hash.empty()) continue;
      const UnitResult* ref = run.find(reference, u.seed);
      if (!ref || ref->data_hash.empty()) continue;
      ++checked;
      if (ref->data_hash == u.data_hash) continue;
      ++mismatched;
      c.warnings.push_back("variant " + variant + " seed " + std::to_string(u.seed) + ": its reference " + reference +
                           " did not see the same data (data_hash " + u.data_hash + " vs " + ref->data_hash + ")");
    }
  c.data_check = "variant and reference at the same grid point, same seed: " + std::to_string(checked - mismatched) + " of " +
                 std::to_string(checked) + " pairs saw identical data";
}

// Grid-reference mode for `base` (the name before "[" of variants at world / data grid points):
// fills c.reference_variant / reference_grid / reference_of / without_reference and returns true,
// or returns false when no variant is a grid point of `base`. Two points of the base at the same
// world / data values (an option axis of its own) are ambiguous: InputError.
bool resolve_reference_grid(const std::string& base, Comparison& c) {
  std::map<std::string, std::string> by_point;
  std::vector<std::string> grid;
  for (const auto& v : c.variants) {
    if (v.rfind(base + "[", 0) != 0) continue;
    const std::string point = grid_point(v);
    if (point.empty()) continue;
    if (by_point.count(point))
      throw InputError("reference " + base + ": " + by_point[point] + " and " + v + " are at the same grid point (" + point +
                       "); name one of them with --reference");
    by_point[point] = v;
    grid.push_back(v);
  }
  if (grid.empty()) return false;
  c.reference_variant = base;
  c.reference_grid = grid;
  for (const auto& v : c.variants) {
    if (std::find(grid.begin(), grid.end(), v) != grid.end()) continue;
    const auto found = by_point.find(grid_point(v));
    if (found == by_point.end()) c.without_reference.push_back(v);
    else c.reference_of[v] = found->second;
  }
  return true;
}

}  // namespace

std::string reference_for(const Comparison& c, const std::string& variant) {
  if (c.reference_grid.empty()) return variant == c.reference_variant ? "" : c.reference_variant;
  const auto found = c.reference_of.find(variant);
  return found == c.reference_of.end() ? "" : found->second;
}

std::string run_label(std::size_t index) {
  if (index < 26) return std::string(1, char('A' + index));
  std::string label = "R";
  label += std::to_string(index + 1);
  return label;
}

void check_same_scenario(const Run& a, const Run& b) {
  if (a.info.scenario != b.info.scenario)
    throw InputError("cannot compare '" + a.path + "' (scenario '" + a.info.scenario + "') with '" + b.path +
                     "' (scenario '" + b.info.scenario + "'): they are runs of different scenarios");
}

Comparison compare_runs(const std::vector<Run>& runs, const CompareOptions& o) {
  std::vector<const Run*> ptrs;
  for (const auto& r : runs) ptrs.push_back(&r);
  return compare_runs(ptrs, o);
}

Comparison compare_runs(const std::vector<const Run*>& runs, const CompareOptions& o) {
  if (runs.empty()) throw InputError("no run files given");
  Comparison c;
  c.scenario = runs[0]->info.scenario;
  c.several_runs = runs.size() > 1;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    c.files.push_back(runs[k]->path);
    c.labels.push_back(run_label(k));
  }
  for (std::size_t k = 1; k < runs.size(); ++k) check_same_scenario(*runs[0], *runs[k]);
  for (std::size_t k = 1; k < runs.size(); ++k) check_common_unit(*runs[0], *runs[k]);
  if (c.several_runs && !o.reference.empty())
    throw InputError("--reference picks a variant within one run; with several runs each run is compared with the "
                     "first file ('" + runs[0]->path + "')");

  // Variants: the first run's order, then any variant only later runs have.
  const VariantOrder order = variant_order(*runs[0]);
  c.variants = order.names;
  for (std::size_t k = 1; k < runs.size(); ++k)
    for (const auto& v : variant_order(*runs[k]).names)
      if (std::find(c.variants.begin(), c.variants.end(), v) == c.variants.end()) c.variants.push_back(v);
  c.metrics = choose_metrics(runs, o.metrics);

  if (!c.several_runs) {
    if (c.variants.empty()) throw InputError("'" + runs[0]->path + "' holds no variants");
    const bool named = !o.reference.empty();
    if (named && std::find(c.variants.begin(), c.variants.end(), o.reference) == c.variants.end()) {
      if (!resolve_reference_grid(o.reference, c))
        throw InputError("unknown variant '" + o.reference + "' in --reference; '" + runs[0]->path + "' has: " + name_list(c.variants) +
                         " (a grid's base name also works when its points differ in sim./data./... values)");
      c.reference_rule = "--reference, at each variant's grid point";
    } else if (named) {
      c.reference_variant = o.reference;
      c.reference_rule = "--reference";
    } else {
      const std::string first = c.variants.front();
      const std::string rule = order.from_config ? "first [variant.*] section of /config" : "first variant alphabetically";
      // The first variant a point of a world / data grid: compare within each grid point, since
      // variants of different worlds are not paired observations of one thing.
      bool grid = false;
      if (!grid_point(first).empty()) {
        try {
          grid = resolve_reference_grid(first.substr(0, first.find('[')), c);
        } catch (const InputError&) {  // its points repeat (c untouched): the first variant alone, as before
        }
      }
      if (grid) {
        c.reference_rule = "the grid of the " + rule + ", at each variant's grid point";
      } else {
        c.reference_variant = first;
        c.reference_rule = rule;
      }
    }
  }

  c.summaries.resize(runs.size());
  for (std::size_t k = 0; k < runs.size(); ++k) {
    for (const auto& v : c.variants)
      for (const auto& m : c.metrics)
        if (has_variant(*runs[k], v)) c.summaries[k][{v, m}] = summarize(*runs[k], v, m);
    for (const auto& u : runs[k]->units)
      if (!u.ok()) c.failed.push_back({k, u.variant, u.seed, u.status});
  }

  // One run only (across runs the data may differ: those are compared as usual).
  if (!c.several_runs)
    for (const auto& m : c.metrics) {
      std::map<std::int64_t, double> first;
      std::size_t reporting = 0;
      bool shared = true;
      for (const auto& v : c.variants) {
        const auto values = metric_by_seed(*runs[0], v, m);
        if (values.empty()) continue;
        if (reporting++ == 0) first = values;
        else shared = shared && values == first;
      }
      if (shared && reporting >= 2) c.shared_metrics.push_back(m);
    }

  // Studied sources and their references: (run, variant) against (reference run, reference variant).
  struct Pairing { std::size_t run; std::string variant; std::size_t ref_run; std::string ref_variant; };
  std::vector<Pairing> pairings;
  if (!c.several_runs) {
    for (const auto& v : c.variants)
      if (const std::string ref = reference_for(c, v); !ref.empty()) pairings.push_back({0, v, 0, ref});
  } else {
    for (const auto& v : c.variants)
      for (std::size_t k = 1; k < runs.size(); ++k)
        if (has_variant(*runs[k], v) && has_variant(*runs[0], v)) pairings.push_back({k, v, 0, v});
  }
  for (const auto& m : c.metrics)
    for (const auto& p : pairings) {
      const auto ref = metric_by_seed(*runs[p.ref_run], p.ref_variant, m);
      const auto studied = metric_by_seed(*runs[p.run], p.variant, m);
      if (ref.empty() && studied.empty()) continue;  // neither side reports this metric
      const Paired paired = pair_by_seed(ref, studied);
      c.deltas.push_back({m, p.variant, p.run, paired.seeds, stats::compare_paired(paired.a, paired.b)});
    }
  // Holm over each metric's rows: the family is what one metric's table tests at once.
  for (const auto& m : c.metrics) {
    std::vector<std::size_t> rows;
    std::vector<double> p;
    for (std::size_t i = 0; i < c.deltas.size(); ++i)
      if (c.deltas[i].metric == m) {
        rows.push_back(i);
        p.push_back(c.deltas[i].stats.n > 0 ? c.deltas[i].stats.t_test.p_value : std::numeric_limits<double>::quiet_NaN());
      }
    const auto adjusted = stats::holm_adjust(p);
    for (std::size_t j = 0; j < rows.size(); ++j) c.deltas[rows[j]].t_p_holm = adjusted[j];
  }
  for (const auto& p : pairings) {
    const auto ref = values_of(fit_seconds_by_seed(*runs[p.ref_run], p.ref_variant));
    const auto studied = values_of(fit_seconds_by_seed(*runs[p.run], p.variant));
    const bool timed = std::any_of(ref.begin(), ref.end(), [](double x) { return x > 0; }) &&
                       std::any_of(studied.begin(), studied.end(), [](double x) { return x > 0; });
    if (timed) c.speeds.push_back({p.variant, p.run, studied.size(), ref.size(), stats::speed_ratio(studied, ref)});
  }

  for (std::size_t k = 0; k < runs.size(); ++k)
    c.config_differences.push_back(k == 0 ? std::vector<ConfigDifference>{}
                                          : config_differences(runs[0]->config, runs[k]->config));
  if (c.reference_grid.empty()) check_data_hashes(runs, c);
  else check_pair_hashes(*runs[0], c.reference_of, c);
  return c;
}

}  // namespace simrec::results
