#include "results/config_text.hpp"

#include <map>
#include <sstream>

namespace simrec::results {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// Joined values per key plus the key order.
std::pair<std::vector<std::string>, std::map<std::string, std::string>> joined(const std::string& text) {
  std::vector<std::string> order;
  std::map<std::string, std::string> values;
  for (const auto& [key, value] : config_entries(text)) {
    auto it = values.find(key);
    if (it == values.end()) {
      order.push_back(key);
      values[key] = value;
    } else {
      it->second += ", " + value;
    }
  }
  return {order, values};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> config_entries(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line, section;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      section = trim(t.substr(1, t.size() - 2));
      continue;
    }
    const auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    std::string value = trim(t.substr(eq + 1));
    if (const auto hash = value.find(" #"); hash != std::string::npos) value = trim(value.substr(0, hash));
    const std::string key = trim(t.substr(0, eq));
    out.emplace_back(section.empty() ? key : section + "." + key, value);
  }
  return out;
}

std::vector<std::string> config_variant_order(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  const std::string prefix = "[variant.";
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.rfind(prefix, 0) == 0 && t.back() == ']') {
      const std::string name = trim(t.substr(prefix.size(), t.size() - prefix.size() - 1));
      bool seen = false;
      for (const auto& n : out) seen = seen || n == name;
      if (!name.empty() && !seen) out.push_back(name);
    }
  }
  return out;
}

std::vector<ConfigDifference> config_differences(const std::string& a, const std::string& b) {
  const auto [order_a, values_a] = joined(a);
  const auto [order_b, values_b] = joined(b);
  std::vector<ConfigDifference> out;
  for (const auto& key : order_a) {
    const auto it = values_b.find(key);
    if (it == values_b.end()) out.push_back({key, values_a.at(key), "(absent)"});
    else if (it->second != values_a.at(key)) out.push_back({key, values_a.at(key), it->second});
  }
  for (const auto& key : order_b)
    if (!values_a.count(key)) out.push_back({key, "(absent)", values_b.at(key)});
  return out;
}

}  // namespace simrec::results
