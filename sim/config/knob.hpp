#pragma once
// Named, range-checked configuration knobs: the one source of truth for each parameter's name,
// default, allowed range and help text (STYLE habit 9). A config struct declares its fields with
// default member initialisers; its knob table (a span of Knob<Config>) names every field once, so
// scenario files ([sim] / [data] sections), the command line, `simrec list`, validation and the
// config hash all read the same table.
//
// Values travel as double (exact for integers below 2^53). Integer knobs reject fractional
// values. Every error is a ConfigError whose message names section.knob, the offending value and
// the allowed range, e.g.  "sim.num_users = -5 is out of range: allowed [1, 1000000000] (...)".

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace simrec::config {

class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

template <class Config>
struct Knob {
  std::string_view name;
  std::string_view help;
  double min_value;
  double max_value;
  bool integer;
  bool min_exclusive;  // range is (min, max] instead of [min, max]
  double (*get)(const Config&);
  void (*set)(Config&, double);

  double default_value() const { return get(Config{}); }
};

// Shortest decimal text that reads back to the same double; integers print without exponent.
inline std::string format_value(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

template <class Config>
std::string range_text(const Knob<Config>& k) {
  return std::string(k.min_exclusive ? "(" : "[") + format_value(k.min_value) + ", " + format_value(k.max_value) + "]" +
         (k.integer ? " (integer)" : "");
}

template <class Config>
void check_knob_value(const Knob<Config>& k, double v, std::string_view section) {
  const bool below = k.min_exclusive ? !(v > k.min_value) : !(v >= k.min_value);
  const bool bad = std::isnan(v) || below || v > k.max_value || (k.integer && v != std::floor(v));
  if (bad)
    throw ConfigError(std::string(section) + "." + std::string(k.name) + " = " + format_value(v) +
                      " is out of range: allowed " + range_text(k) + " (" + std::string(k.help) + ")");
}

// Checks every knob of `config` against its range (the per-field part of validate()).
template <class Config>
void check_knobs(const Config& config, std::span<const Knob<Config>> knobs, std::string_view section) {
  for (const auto& k : knobs) check_knob_value(k, k.get(config), section);
}

template <class Config>
const Knob<Config>* find_knob(std::span<const Knob<Config>> knobs, std::string_view name) {
  for (const auto& k : knobs)
    if (k.name == name) return &k;
  return nullptr;
}

// Sets knob `name` from its text form; unknown names and malformed or out-of-range values throw.
template <class Config>
void set_knob(Config& config, std::span<const Knob<Config>> knobs, std::string_view section, std::string_view name,
              std::string_view text) {
  const Knob<Config>* k = find_knob(knobs, name);
  if (!k) throw ConfigError("unknown option " + std::string(section) + "." + std::string(name));
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size())
    throw ConfigError(std::string(section) + "." + std::string(name) + " = '" + s + "' is not a number: allowed " +
                      range_text(*k) + " (" + std::string(k->help) + ")");
  check_knob_value(*k, v, section);
  k->set(config, v);
}

// Canonical "name = value" lines in table order: what the config hash and run store record.
template <class Config>
std::string knobs_to_text(const Config& config, std::span<const Knob<Config>> knobs) {
  std::string out;
  for (const auto& k : knobs) out += std::string(k.name) + " = " + format_value(k.get(config)) + "\n";
  return out;
}

// FNV-1a 64 of the canonical text.
inline std::uint64_t text_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace simrec::config

// Knob table entry for a struct field; `name` is the text key, `field` an lvalue expression on c.
#define SIMREC_KNOB_NAMED(Config, name, field, lo, hi, help)                                                      \
  ::simrec::config::Knob<Config> {                                                                                \
    name, help, double(lo), double(hi),                                                                           \
        std::is_integral_v<std::remove_cvref_t<decltype(std::declval<Config&>().field)>>, false,                   \
        [](const Config& c) { return double(c.field); },                                                          \
        [](Config& c, double v) { c.field = std::remove_cvref_t<decltype(c.field)>(v); }                          \
  }
#define SIMREC_KNOB(Config, field, lo, hi, help) SIMREC_KNOB_NAMED(Config, #field, field, lo, hi, help)
// Same with an exclusive lower bound: (lo, hi].
#define SIMREC_KNOB_POS(Config, field, lo, hi, help)                                                              \
  [] {                                                                                                            \
    auto k = SIMREC_KNOB(Config, field, lo, hi, help);                                                            \
    k.min_exclusive = true;                                                                                       \
    return k;                                                                                                     \
  }()
