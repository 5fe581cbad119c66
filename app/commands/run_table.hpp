#pragma once
// The table `simrec run` prints at the end: per variant, mean +- std over seeds of each metric.
#include <ostream>
#include <string>
#include <vector>

#include "results/store/run_types.hpp"

namespace simrec::app {

void print_run_table(const results::Run& run, const std::vector<std::string>& metrics, std::ostream& os);

}  // namespace simrec::app
