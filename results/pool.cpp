#include "results/pool.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "results/compare.hpp"
#include "results/config_text.hpp"
#include "results/input_error.hpp"
#include "results/run_view.hpp"

namespace simrec::results {

namespace {

// The config keys that may differ between files whose units of one variant are merged: the seed
// list and the variant sections (a file may hold other variants); the world, data and evaluation
// sections must match exactly.
bool same_world(const Run& a, const Run& b) {
  for (const auto& d : config_differences(a.config, b.config))
    if (d.key != "seeds" && d.key.rfind("variant.", 0) != 0) return false;
  return true;
}

// A unit's resolved "key = value" option lines as a map (the config reader's parser).
std::map<std::string, std::string> option_map(const std::string& text) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : config_entries(text)) out[key] = value;
  return out;
}

// Whether two units' resolved options agree, an option absent from one side counting as its
// default (when default_of knows it); such options are appended to `defaulted` as
// "<option> absent in <label>, taken as its default <value>".
bool same_options(const UnitResult& a, const std::string& label_a, const UnitResult& b, const std::string& label_b,
                  const OptionDefault& default_of, std::vector<std::string>& defaulted) {
  if (a.options == b.options) return true;
  const std::map<std::string, std::string> oa = option_map(a.options), ob = option_map(b.options);
  std::set<std::string> keys;
  for (const auto& [k, v] : oa) keys.insert(k);
  for (const auto& [k, v] : ob) keys.insert(k);
  for (const std::string& k : keys) {
    const auto ia = oa.find(k), ib = ob.find(k);
    if (ia != oa.end() && ib != ob.end()) {
      if (ia->second != ib->second) return false;
      continue;
    }
    const std::optional<std::string> def = default_of ? default_of(a.algorithm, k) : std::nullopt;
    const std::string& present = ia != oa.end() ? ia->second : ib->second;
    if (!def || *def != present) return false;
    defaulted.push_back(k + " absent in " + (ia != oa.end() ? label_b : label_a) + ", taken as its default " + *def);
  }
  return true;
}

// A variant held by several files is merged into one (its seeds the union) when the files'
// worlds agree (same_world), every unit has the first unit's algorithm and options (same_options),
// and no seed occurs twice. `holders` are the file indices, in order.
bool mergeable(const std::vector<Run>& runs, const std::string& variant, const std::vector<std::size_t>& holders,
               const OptionDefault& default_of, std::vector<std::string>& defaulted) {
  const UnitResult* first = nullptr;
  std::size_t first_file = 0;
  std::vector<std::int64_t> seeds;
  std::vector<std::string> notes;
  for (std::size_t k : holders) {
    if (!same_world(runs[holders[0]], runs[k])) return false;
    for (const UnitResult& u : runs[k].units) {
      if (u.variant != variant) continue;
      if (!first) first = &u, first_file = k;
      if (u.algorithm != first->algorithm) return false;
      if (!same_options(*first, run_label(first_file), u, run_label(k), default_of, notes)) return false;
      if (std::find(seeds.begin(), seeds.end(), u.seed) != seeds.end()) return false;
      seeds.push_back(u.seed);
    }
  }
  for (const std::string& n : notes)
    if (std::find(defaulted.begin(), defaulted.end(), variant + ": option " + n) == defaulted.end()) defaulted.push_back(variant + ": option " + n);
  return true;
}

std::string seeds_in(const Run& r, const std::string& variant) {
  std::vector<std::int64_t> seeds;
  for (const UnitResult& u : r.units)
    if (u.variant == variant) seeds.push_back(u.seed);
  return seed_list(seeds);
}

// One provenance field over the files: the value when all agree, else each distinct value followed
// by the labels of the files holding it, "v1 (A, C) | v2 (B)", in order of first appearance.
std::string joined(const std::vector<Run>& runs, std::string RunInfo::*field) {
  std::vector<std::pair<std::string, std::string>> values;  // value, labels
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const std::string& v = runs[k].info.*field;
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& e) { return e.first == v; });
    if (it == values.end()) values.push_back({v, run_label(k)});
    else it->second += ", " + run_label(k);
  }
  if (values.size() == 1) return values[0].first;
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? " | " : "") + values[i].first + " (" + values[i].second + ")";
  return out;
}

}  // namespace

PooledRun pool_runs(const std::vector<Run>& runs, const OptionDefault& default_of) {
  if (runs.size() < 2) throw InputError("--pool needs at least two run files");
  std::map<std::string, std::vector<std::size_t>> holders;  // variant -> files holding it
  std::vector<std::vector<std::string>> orders;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    orders.push_back(variant_order(runs[k]).names);
    for (const auto& v : orders.back()) holders[v].push_back(k);
  }
  std::map<std::string, bool> merged;
  std::vector<std::string> defaulted;
  for (const auto& [v, files] : holders) merged[v] = files.size() > 1 && mergeable(runs, v, files, default_of, defaulted);
  PooledRun out;
  out.defaulted = std::move(defaulted);
  Run& p = out.run;
  p.info = runs[0].info;
  std::vector<std::string> scenarios;
  for (const auto& [v, files] : holders) {
    if (!merged[v]) continue;
    std::string line = v + ": seeds";
    for (std::size_t i = 0; i < files.size(); ++i)
      line += (i ? " + " : " ") + seeds_in(runs[files[i]], v) + " of " + run_label(files[i]);
    out.merged.push_back(line);
  }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& r = runs[k];
    p.path += (k ? " + " : "") + r.path;
    if (std::find(scenarios.begin(), scenarios.end(), r.info.scenario) == scenarios.end()) scenarios.push_back(r.info.scenario);
    std::map<std::string, std::string> name_of;
    for (const auto& v : orders[k]) {
      const bool shared = holders[v].size() > 1;
      const std::string name = shared && !merged[v] ? run_label(k) + ":" + v : v;
      if (name != v) out.renamed.push_back(name + " (" + v + " of " + run_label(k) + " = " + r.path + ")");
      name_of[v] = name;
      if (!(merged[v] && holders[v][0] != k)) p.config += "[variant." + name + "]\n";  // the pooled order for variant_order()
    }
    for (const UnitResult& u : r.units) {
      UnitResult copy = u;
      copy.variant = name_of.count(u.variant) ? name_of[u.variant] : u.variant;
      p.units.push_back(std::move(copy));
    }
  }
  p.info.scenario.clear();
  for (std::size_t i = 0; i < scenarios.size(); ++i) p.info.scenario += (i ? " + " : "") + scenarios[i];
  for (std::string RunInfo::*field : {&RunInfo::simrec_version, &RunInfo::git_commit, &RunInfo::build_flags, &RunInfo::cpu_model,
                                      &RunInfo::blas_kernels, &RunInfo::scale})
    p.info.*field = joined(runs, field);
  for (const Run& r : runs) p.info.start_time = std::min(p.info.start_time, r.info.start_time);
  std::stable_sort(p.units.begin(), p.units.end(), [](const UnitResult& a, const UnitResult& b) {
    return a.variant != b.variant ? a.variant < b.variant : a.seed < b.seed;
  });
  return out;
}

}  // namespace simrec::results
