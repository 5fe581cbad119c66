#pragma once
// Writing and reading run files atomically.
//
// While a scenario runs, each finished (variant, seed) is written as its own small HDF5 file in
// "<final>.partial/" (temp name + rename, so a piece is either complete or absent). finish()
// assembles the pieces into "<final>.tmp" and renames it to <final>: a crash at any point leaves
// nothing under the final name, and `resume` picks up the finished pieces and skips them.

#include <string>

#include "results/store/run_types.hpp"

namespace simrec::results {

class RunWriter {
 public:
  // Throws StoreError (naming the paths and the flag to use) when <final> exists and !force, or
  // when an interrupted attempt exists and neither resume nor force is set, or when resuming an
  // attempt whose resolved config differs from `config`.
  RunWriter(std::string final_path, std::string config, bool force, bool resume);

  bool has_unit(const std::string& variant, std::int64_t seed) const;
  void add_unit(const UnitResult& unit);
  // Assembles every piece (in (variant, seed) order) with the run info; returns the final path.
  std::string finish(const RunInfo& info);

  const std::string& final_path() const { return final_; }
  const std::string& partial_dir() const { return partial_; }

 private:
  std::string piece_path(const std::string& variant, std::int64_t seed) const;
  std::string final_, partial_, config_;
};

// Reads and validates a run file; StoreError names the file and what is wrong.
Run read_run(const std::string& path);

// Group name of a seed ("seed_3").
std::string seed_group(std::int64_t seed);

}  // namespace simrec::results
