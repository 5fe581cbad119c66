#include "scenarios/ini.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace simrec::scenarios {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<IniEntry> parse_ini(const std::string& text, const std::string& file) {
  std::vector<IniEntry> entries;
  std::map<std::string, int> seen;
  std::istringstream in(text);
  std::string raw, section;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    const auto hash = raw.find('#');
    const std::string s = trim(hash == std::string::npos ? raw : raw.substr(0, hash));
    if (s.empty()) continue;
    const std::string where = file + ":" + std::to_string(line) + ": ";
    if (s.front() == '[') {
      if (s.back() != ']') throw ScenarioError(where + "section header '" + s + "' is missing ']'");
      section = trim(s.substr(1, s.size() - 2));
      if (section.empty()) throw ScenarioError(where + "empty section name");
      // Keys are flattened to section.key, so a variant name must not hold a '.' (nor anything a
      // run file's group name or a table column would mangle).
      if (section.rfind("variant.", 0) == 0) {
        const std::string name = section.substr(8);
        const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
          return std::isalnum(c) || c == '_' || c == '-';
        });
        if (!ok)
          throw ScenarioError(where + "variant name '" + name + "' in '[" + section +
                              "]': allowed letters, digits, '_' and '-' (e.g. [variant.kto_b099])");
      }
      continue;
    }
    const auto eq = s.find('=');
    if (eq == std::string::npos)
      throw ScenarioError(where + "expected 'key = value' or '[section]', got '" + s + "'");
    const std::string key = trim(s.substr(0, eq));
    if (key.empty()) throw ScenarioError(where + "missing key before '='");
    const std::string full = section.empty() ? key : section + "." + key;
    if (const auto it = seen.find(full); it != seen.end())
      throw ScenarioError(where + "'" + full + "' is already set on line " + std::to_string(it->second));
    seen[full] = line;
    entries.push_back(IniEntry{full, trim(s.substr(eq + 1)), file, line});
  }
  return entries;
}

std::vector<IniEntry> parse_ini_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw ScenarioError(path + ": cannot open scenario file");
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_ini(ss.str(), path);
}

}  // namespace simrec::scenarios
