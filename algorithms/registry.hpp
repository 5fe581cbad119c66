#pragma once
// The algorithm registry: name -> (task, summary, option specs, factory). Adding an algorithm =
// its own folder + one line in register_all.cpp. `simrec list`, the scenario parser and the run
// store read the option specs from here.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "algorithms/options.hpp"

namespace simrec::algorithms {

struct AlgorithmInfo {
  std::string name;
  Task task;
  std::string summary;
  std::vector<OptionSpec> options;
  std::function<std::unique_ptr<Algorithm>(const OptionValues&)> make;
};

class Registry {
 public:
  void add(AlgorithmInfo info);  // duplicate names are a programming error (throws)
  const AlgorithmInfo* find(const std::string& name) const;
  // Throws OptionError "unknown algorithm 'x' (did you mean 'y'?); known: ..." when absent.
  const AlgorithmInfo& get(const std::string& name) const;
  const std::vector<AlgorithmInfo>& all() const { return infos_; }  // sorted by name
  std::vector<std::string> names() const;

 private:
  std::vector<AlgorithmInfo> infos_;
};

// Every registered algorithm (built once, on first use, by register_all.cpp).
const Registry& registry();

}  // namespace simrec::algorithms
