#include "results/run_view.hpp"

#include <algorithm>
#include <set>

#include "results/config_text.hpp"

namespace simrec::results {

VariantOrder variant_order(const Run& run) {
  std::vector<std::string> stored;  // alphabetical: units are ordered by (variant, seed)
  for (const auto& u : run.units)
    if (stored.empty() || stored.back() != u.variant) stored.push_back(u.variant);
  const std::vector<std::string> from_config = config_variant_order(run.config);
  std::vector<std::string> ordered;
  for (const auto& name : from_config)
    if (std::find(stored.begin(), stored.end(), name) != stored.end()) ordered.push_back(name);
  if (!stored.empty() && ordered.size() == stored.size()) return {ordered, true};
  return {stored, false};
}

std::vector<std::string> metric_names(const std::vector<const Run*>& runs) {
  std::set<std::string> names;
  for (const Run* r : runs)
    for (const auto& u : r->units)
      for (const auto& [name, value] : u.metrics) names.insert(name);
  return {names.begin(), names.end()};
}

std::map<std::int64_t, double> metric_by_seed(const Run& run, const std::string& variant, const std::string& metric) {
  std::map<std::int64_t, double> out;
  for (const auto& u : run.units) {
    if (u.variant != variant || !u.ok()) continue;
    const auto it = u.metrics.find(metric);
    if (it != u.metrics.end()) out[u.seed] = it->second;
  }
  return out;
}

std::map<std::int64_t, double> fit_seconds_by_seed(const Run& run, const std::string& variant) {
  std::map<std::int64_t, double> out;
  for (const auto& u : run.units)
    if (u.variant == variant && u.ok()) out[u.seed] = u.timing.fit_seconds;
  return out;
}

Paired pair_by_seed(const std::map<std::int64_t, double>& a, const std::map<std::int64_t, double>& b) {
  Paired p;
  for (const auto& [seed, va] : a) {
    const auto it = b.find(seed);
    if (it == b.end()) continue;
    p.seeds.push_back(seed);
    p.a.push_back(va);
    p.b.push_back(it->second);
  }
  return p;
}

std::vector<double> values_of(const std::map<std::int64_t, double>& m) {
  std::vector<double> out;
  for (const auto& [seed, v] : m) out.push_back(v);
  return out;
}

bool has_variant(const Run& run, const std::string& variant) {
  return std::any_of(run.units.begin(), run.units.end(), [&](const UnitResult& u) { return u.variant == variant; });
}

std::string seed_list(const std::vector<std::int64_t>& seeds) {
  std::string s;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (i) s += ",";
    s += std::to_string(seeds[i]);
  }
  return s;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += ", ";
    s += names[i];
  }
  return s;
}

std::vector<std::int64_t> seeds_of(const Run& run) {
  std::set<std::int64_t> seeds;
  for (const auto& u : run.units) seeds.insert(u.seed);
  return {seeds.begin(), seeds.end()};
}

}  // namespace simrec::results
