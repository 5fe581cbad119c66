#include "algorithms/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace simrec::algorithms {

void Registry::add(AlgorithmInfo info) {
  if (find(info.name)) throw std::logic_error("algorithm '" + info.name + "' registered twice");
  infos_.push_back(std::move(info));
  std::sort(infos_.begin(), infos_.end(), [](const AlgorithmInfo& a, const AlgorithmInfo& b) { return a.name < b.name; });
}

const AlgorithmInfo* Registry::find(const std::string& name) const {
  for (const auto& i : infos_)
    if (i.name == name) return &i;
  return nullptr;
}

const AlgorithmInfo& Registry::get(const std::string& name) const {
  if (const AlgorithmInfo* i = find(name)) return *i;
  std::string known;
  for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw OptionError("unknown algorithm '" + name + "'" + did_you_mean(name, names()) + "; known: " + known);
}

std::vector<std::string> Registry::names() const {
  std::vector<std::string> n;
  for (const auto& i : infos_) n.push_back(i.name);
  return n;
}

}  // namespace simrec::algorithms
