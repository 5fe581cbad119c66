#pragma once
// Facts about the build and machine recorded with every run: version, git commit, build type and
// flags, compiler, CPU model, host, OpenMP threads, and times; plus the process's peak resident
// memory (getrusage), recorded per variant.

#include <string>

#include "results/store/run_types.hpp"

namespace simrec::results {

// Everything except scenario, scale, command line, times and exit status.
RunInfo build_and_machine_info();
std::string utc_now_iso8601();
double peak_rss_bytes();

}  // namespace simrec::results
