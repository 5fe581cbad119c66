#pragma once
// Reading back the resolved scenario text stored under /config (Boost.Program_options config-file
// syntax: "[section]" headers, "key = value" lines, '#' comments). Only what compare and report
// need: the flattened keys ("section.key", in file order) and the order of the variant sections.

#include <string>
#include <utility>
#include <vector>

namespace simrec::results {

// ("section.key", value) in file order; a key repeated (a multi-value option) keeps each value as
// its own entry, joined with ", " by config_differences.
std::vector<std::pair<std::string, std::string>> config_entries(const std::string& text);

// Names of the "[variant.NAME]" sections in file order (empty when there are none).
std::vector<std::string> config_variant_order(const std::string& text);

struct ConfigDifference {
  std::string key;
  std::string a, b;  // "(absent)" where one side lacks the key
};

// Keys whose values differ between two config texts, in the order of `a` then new keys of `b`.
std::vector<ConfigDifference> config_differences(const std::string& a, const std::string& b);

}  // namespace simrec::results
