#pragma once
// `simrec compare --pool`: several run files read as ONE run, so that variants run in different
// files (a follow-up scenario over the same worlds, a re-run with extra variants) are compared
// with each other against one reference, paired by seed, exactly as variants of one run are.
//
// The pooled run's variants are each file's variants in the file's order, files in the order
// given. A variant name that occurs in more than one file is either
//   - merged into one variant whose seeds are the union, when it is the same variant run for other
//     seeds: the files' configs agree on every key outside the variant sections and `seeds`, every
//     unit has the same algorithm and resolved options, and no seed occurs in two files (seeds 1-3
//     in one file and 4-6 in another, e.g. `--set seeds=4,5,6`); or
//   - kept apart, each prefixed with its file's label ("A:raw_scenarios", "B:raw_scenarios").
// Names unique to one file are kept. Units are copied
// unchanged (their data_hash included), so compare's within-run data check then says whether each
// seed's variants, across the files, saw identical data -- the condition for pairing them by seed.
// The pooled run's scenario is the files' scenario names joined by " + ", its path the files'
// paths joined by " + ", its run info the first file's except: the version, git commit, build
// flags, CPU, BLAS kernels and scale are the files' value when they agree and otherwise each
// distinct value with the labels of its files ("a1b2c3 (A) | d4e5f6 (B, C)"), and the start time
// is the earliest.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "results/store/run_types.hpp"

namespace simrec::results {

struct PooledRun {
  Run run;
  std::vector<std::string> renamed;   // "A:raw_scenarios (raw_scenarios of A = path)" lines
  std::vector<std::string> merged;    // "base: seeds 1,2,3 of A + 4,5,6 of B" lines
  std::vector<std::string> defaulted; // "base: option x absent in A, taken as its default 1" lines
};

// The default text of an algorithm's option in this build, or nullopt when unknown (the caller
// knows the algorithm registry; the results library does not).
using OptionDefault = std::function<std::optional<std::string>(const std::string& algorithm, const std::string& option)>;

// Throws InputError when fewer than two runs are given. With `default_of`, an option recorded in
// some of a variant's units and absent from others (a file written before the option existed)
// counts as that option's default value there, so a run from an older build still merges when the
// newer units use the default; each such case is listed in `defaulted`.
PooledRun pool_runs(const std::vector<Run>& runs, const OptionDefault& default_of = {});

}  // namespace simrec::results
