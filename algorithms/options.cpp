#include "algorithms/options.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <boost/program_options/value_semantic.hpp>

namespace simrec::algorithms {

namespace {

std::string number_text(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !std::isnan(out);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '-' || c == ',') {  // "1024-512-256" and "1024,512,256" both accepted
      parts.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur.push_back(c);
    }
  }
  parts.push_back(cur);
  return parts;
}

}  // namespace

std::string OptionSpec::allowed_text() const {
  switch (kind) {
    case OptionKind::Int: return "[" + number_text(min) + ", " + number_text(max) + "] (integer)";
    case OptionKind::Real: return "[" + number_text(min) + ", " + number_text(max) + "]";
    case OptionKind::Bool: return "true or false";
    case OptionKind::IntList:
      return "a list like 512-256 (or 'none'), each in [" + number_text(min) + ", " + number_text(max) + "]";
    case OptionKind::String: return "any text";
    case OptionKind::Choice: {
      std::string s = "one of: ";
      for (std::size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
  }
  return "";
}

OptionSpec int_option(std::string name, std::int64_t def, std::int64_t min, std::int64_t max, std::string help) {
  return OptionSpec{std::move(name), OptionKind::Int, std::to_string(def), std::move(help), double(min), double(max), {}};
}
OptionSpec real_option(std::string name, double def, double min, double max, std::string help) {
  return OptionSpec{std::move(name), OptionKind::Real, number_text(def), std::move(help), min, max, {}};
}
OptionSpec bool_option(std::string name, bool def, std::string help) {
  return OptionSpec{std::move(name), OptionKind::Bool, def ? "true" : "false", std::move(help), 0, 1, {}};
}
OptionSpec choice_option(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
  return OptionSpec{std::move(name), OptionKind::Choice, std::move(def), std::move(help), 0, 0, std::move(choices)};
}
OptionSpec int_list_option(std::string name, std::string def, std::int64_t min, std::int64_t max, std::string help) {
  return OptionSpec{std::move(name), OptionKind::IntList, std::move(def), std::move(help), double(min), double(max), {}};
}
OptionSpec string_option(std::string name, std::string def, std::string help) {
  return OptionSpec{std::move(name), OptionKind::String, std::move(def), std::move(help), 0, 0, {}};
}

void validate_option(const OptionSpec& spec, const std::string& text, const std::string& context) {
  const auto bad = [&](const std::string& why) {
    throw OptionError(context + "." + spec.name + " = '" + text + "': " + why + "; allowed " +
                      spec.allowed_text() + " (" + spec.help + ")");
  };
  double v = 0;
  switch (spec.kind) {
    case OptionKind::Int:
      if (!parse_double(text, v) || v != std::floor(v)) bad("not an integer");
      if (v < spec.min || v > spec.max) bad("out of range");
      break;
    case OptionKind::Real:
      if (!parse_double(text, v)) bad("not a number");
      if (v < spec.min || v > spec.max) bad("out of range");
      break;
    case OptionKind::Bool:
      if (text != "true" && text != "false" && text != "1" && text != "0") bad("not a boolean");
      break;
    case OptionKind::Choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end())
        bad("not a known value" + did_you_mean(text, spec.choices));
      break;
    case OptionKind::IntList:
      if (text == "none" || text.empty()) break;
      for (const auto& part : split_list(text)) {
        if (part.empty()) bad("an empty element (a leading, trailing or doubled separator)");
        if (!parse_double(part, v) || v != std::floor(v)) bad("'" + part + "' is not an integer");
        if (v < spec.min || v > spec.max) bad("element " + part + " out of range");
      }
      break;
    case OptionKind::String: break;
  }
}

OptionValues::OptionValues(const std::vector<OptionSpec>& specs,
                           const std::map<std::string, std::string>& given, const std::string& context) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  for (const auto& [name, text] : given) {
    const auto it = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (it == specs.end())
      throw OptionError("unknown option " + context + "." + name + did_you_mean(name, names));
    validate_option(*it, text, context);
    values_[name] = text;
  }
  for (const auto& s : specs)
    if (!values_.count(s.name)) values_[s.name] = s.default_text;
}

const std::string& OptionValues::raw(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw OptionError("option '" + name + "' is not declared by this algorithm");
  return it->second;
}

std::int64_t OptionValues::get_int(const std::string& name) const { return std::int64_t(std::stod(raw(name))); }
double OptionValues::get_real(const std::string& name) const { return std::stod(raw(name)); }
bool OptionValues::get_bool(const std::string& name) const {
  const std::string& v = raw(name);
  return v == "true" || v == "1";
}
const std::string& OptionValues::get_text(const std::string& name) const { return raw(name); }
std::vector<std::int64_t> OptionValues::get_int_list(const std::string& name) const {
  const std::string& v = raw(name);
  std::vector<std::int64_t> out;
  if (v == "none" || v.empty()) return out;
  for (const auto& part : split_list(v)) out.push_back(std::int64_t(std::stod(part)));
  return out;
}

std::string OptionValues::to_text() const {
  std::string s;
  for (const auto& [k, v] : values_) s += k + " = " + v + "\n";
  return s;
}

boost::program_options::options_description describe_options(const std::string& caption,
                                                              const std::vector<OptionSpec>& specs) {
  namespace po = boost::program_options;
  po::options_description desc(caption);
  for (const auto& s : specs) {
    desc.add_options()(s.name.c_str(), po::value<std::string>()->default_value(s.default_text),
                       (s.help + "; allowed " + s.allowed_text()).c_str());
  }
  return desc;
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  // Whole-word edit distance, or (one worse) the distance to the candidate's prefix of about the
  // word's length, so "windw" finds "window_days".
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (c.size() > word.size() + 1) d = std::min(d, edit_distance(word, c.substr(0, word.size() + 1)) + 1);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_d <= limit ? best : "";
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string m = closest_match(word, candidates);
  return m.empty() ? "" : " (did you mean '" + m + "'?)";
}

}  // namespace simrec::algorithms
