#include "results/pool.hpp"

#include <algorithm>
#include <map>

#include "results/compare.hpp"
#include "results/input_error.hpp"
#include "results/run_view.hpp"

namespace simrec::results {

PooledRun pool_runs(const std::vector<Run>& runs) {
  if (runs.size() < 2) throw InputError("--pool needs at least two run files");
  std::map<std::string, int> files_with;  // variant -> number of files holding it
  std::vector<std::vector<std::string>> orders;
  for (const Run& r : runs) {
    orders.push_back(variant_order(r).names);
    for (const auto& v : orders.back()) ++files_with[v];
  }
  PooledRun out;
  Run& p = out.run;
  p.info = runs[0].info;
  std::vector<std::string> scenarios;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const Run& r = runs[k];
    p.path += (k ? " + " : "") + r.path;
    if (std::find(scenarios.begin(), scenarios.end(), r.info.scenario) == scenarios.end()) scenarios.push_back(r.info.scenario);
    std::map<std::string, std::string> name_of;
    for (const auto& v : orders[k]) {
      const std::string name = files_with[v] > 1 ? run_label(k) + ":" + v : v;
      if (name != v) out.renamed.push_back(name + " (" + v + " of " + run_label(k) + " = " + r.path + ")");
      name_of[v] = name;
      p.config += "[variant." + name + "]\n";  // keeps the pooled order for variant_order()
    }
    for (const UnitResult& u : r.units) {
      UnitResult copy = u;
      copy.variant = name_of.count(u.variant) ? name_of[u.variant] : u.variant;
      p.units.push_back(std::move(copy));
    }
  }
  p.info.scenario.clear();
  for (std::size_t i = 0; i < scenarios.size(); ++i) p.info.scenario += (i ? " + " : "") + scenarios[i];
  std::stable_sort(p.units.begin(), p.units.end(), [](const UnitResult& a, const UnitResult& b) {
    return a.variant != b.variant ? a.variant < b.variant : a.seed < b.seed;
  });
  return out;
}

}  // namespace simrec::results
