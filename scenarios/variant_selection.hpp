#pragma once
// Running a subset of a scenario's variants (`simrec run --variants a,b`): a researcher re-running
// two rows of a table, or adding seeds to one method, need not copy the scenario file to drop the
// others. Seeds, worlds and data are those of the whole scenario, so a selected variant's unit is
// bit-identical to the same unit of a full run (tests/app/run_test.cpp) and the two runs pool in
// `simrec compare --pool`.
//
// A name selects every variant whose full name ("kton[lambda_n=3]") or base name ("kton", every
// point of its grid) equals it. The selected variants keep the file's order; the run's resolved
// config (/config in the run file) lists only them, and `--resume` therefore needs the same
// selection.

#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

// The part of a variant name before its grid suffix: "kton[lambda_n=3]" -> "kton".
std::string variant_base_name(const std::string& name);

// Keeps only the variants named in `names` (each entry may itself be a comma-separated list).
// Throws ScenarioError naming the scenario file, the unknown name and the allowed names (base
// names and grid points), with a suggestion for a misspelt one; an empty selection is an error.
void select_variants(Scenario& scenario, const std::vector<std::string>& names);

}  // namespace simrec::scenarios
