#pragma once
// Algorithm options: one OptionSpec per option (name, kind, default, allowed range or choices,
// help) is the single source of truth read by the scenario parser, `--set` overrides, `simrec
// list`, the Boost.Program_options help text and the run store (STYLE habit 9).
//
// Values travel as text and are validated against their spec when resolved; an unknown name gets
// a "did you mean" suggestion. No silent clamping: out-of-range values are errors.

#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/program_options/options_description.hpp>

namespace simrec::algorithms {

class OptionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class OptionKind { Int, Real, Bool, Choice, IntList, String };

struct OptionSpec {
  std::string name;
  OptionKind kind = OptionKind::Real;
  std::string default_text;
  std::string help;
  double min = -std::numeric_limits<double>::infinity();  // Int / Real / IntList elements
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;  // Choice

  std::string allowed_text() const;  // "[1, 64] (integer)", "one of: sum, mean, max", ...
};

// Builders for readable option tables.
OptionSpec int_option(std::string name, std::int64_t def, std::int64_t min, std::int64_t max, std::string help);
OptionSpec real_option(std::string name, double def, double min, double max, std::string help);
OptionSpec bool_option(std::string name, bool def, std::string help);
OptionSpec choice_option(std::string name, std::string def, std::vector<std::string> choices, std::string help);
OptionSpec int_list_option(std::string name, std::string def, std::int64_t min, std::int64_t max, std::string help);
OptionSpec string_option(std::string name, std::string def, std::string help);

// Checks `text` against `spec`; throws OptionError "<context>.<name> = <text>: <why>; allowed ...".
void validate_option(const OptionSpec& spec, const std::string& text, const std::string& context);

// Resolved, validated values of one algorithm instance, every option present (defaults filled).
class OptionValues {
 public:
  OptionValues() = default;
  // Validates `given` against `specs` (unknown names throw with a suggestion) and fills defaults.
  OptionValues(const std::vector<OptionSpec>& specs, const std::map<std::string, std::string>& given,
               const std::string& context);

  std::int64_t get_int(const std::string& name) const;
  double get_real(const std::string& name) const;
  bool get_bool(const std::string& name) const;
  const std::string& get_text(const std::string& name) const;  // Choice / String
  std::vector<std::int64_t> get_int_list(const std::string& name) const;

  // Canonical "name = value" lines, in name order (recorded in the run store).
  std::string to_text() const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  const std::string& raw(const std::string& name) const;
  std::map<std::string, std::string> values_;
};

// Boost.Program_options description of the specs (for help text and `simrec list`).
boost::program_options::options_description describe_options(const std::string& caption,
                                                              const std::vector<OptionSpec>& specs);

// The closest candidate to `word` by edit distance, or "" when nothing is close enough.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);
// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace simrec::algorithms
