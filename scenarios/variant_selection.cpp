#include "scenarios/variant_selection.hpp"

#include <algorithm>
#include <set>

#include "algorithms/options.hpp"
#include "scenarios/ini.hpp"

namespace simrec::scenarios {

std::string variant_base_name(const std::string& name) { return name.substr(0, name.find('[')); }

namespace {

// Splits "a, b[x=1,y=2]" at the commas outside brackets: a grid point's full name holds one comma
// per further axis.
std::vector<std::string> split_names(const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    int depth = 0;
    std::string item;
    for (const char ch : entry + ",") {
      depth += ch == '[' ? 1 : ch == ']' ? -1 : 0;
      if (ch == ',' && depth <= 0) {
        item = trim(item);
        if (!item.empty()) out.push_back(item);
        item.clear();
      } else {
        item += ch;
      }
    }
  }
  return out;
}

}  // namespace

void select_variants(Scenario& scenario, const std::vector<std::string>& names) {
  const std::vector<std::string> wanted = split_names(names);
  if (wanted.empty()) throw ScenarioError(scenario.file + ": --variants names no variant");
  std::vector<std::string> allowed;  // base names first (file order), then grid points
  for (const auto& v : scenario.variants) {
    const std::string base = variant_base_name(v.name);
    if (std::find(allowed.begin(), allowed.end(), base) == allowed.end()) allowed.push_back(base);
  }
  const std::size_t bases = allowed.size();
  for (const auto& v : scenario.variants)
    if (v.name != variant_base_name(v.name)) allowed.push_back(v.name);
  for (const auto& name : wanted)
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (std::size_t i = 0; i < bases; ++i) list += (i ? ", " : "") + allowed[i];
      throw ScenarioError(scenario.file + ": --variants: no variant '" + name + "' in scenario " + scenario.name +
                          algorithms::did_you_mean(name, allowed) + "; allowed: " + list +
                          (allowed.size() > bases ? " (a base name selects its whole grid; a grid point by its full name, e.g. " +
                                                        allowed[bases] + ")"
                                                  : ""));
    }
  const std::set<std::string> keep(wanted.begin(), wanted.end());
  std::vector<VariantSpec> selected;
  for (auto& v : scenario.variants)
    if (keep.count(v.name) || keep.count(variant_base_name(v.name))) selected.push_back(std::move(v));
  scenario.variants = std::move(selected);
}

}  // namespace simrec::scenarios
