#pragma once
// Scenario files: Boost.Program_options config-file syntax — "[section]" headers, "key = value"
// lines, '#' comments, blank lines. Keys inside a section are reported as "section.key" (Boost's
// convention). Every entry keeps its file and line so errors can point at them.

#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::scenarios {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct IniEntry {
  std::string key;    // "sim.num_users", "seeds", "variant.mmoe.experts"
  std::string value;  // trimmed
  std::string file;
  int line = 0;
  std::string where() const { return file + ":" + std::to_string(line); }
};

// Parses text; `file` names it in messages. Throws ScenarioError "<file>:<line>: <problem>" for a
// malformed line, an empty key or a repeated key.
std::vector<IniEntry> parse_ini(const std::string& text, const std::string& file);
std::vector<IniEntry> parse_ini_file(const std::string& path);

std::string trim(const std::string& s);

}  // namespace simrec::scenarios
