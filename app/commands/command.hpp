#pragma once
// A simrec subcommand: parses its own options and returns the process exit code
// (0 ok, 1 a failure the command reports, 2 bad input: unknown option, malformed file, ...).

#include <string>
#include <vector>

namespace simrec::app {

using Args = std::vector<std::string>;

int demo_command(const Args& args);
int list_command(const Args& args);
int run_command(const Args& args);
int simulate_command(const Args& args);
int compare_command(const Args& args);
int gate_command(const Args& args);
int report_command(const Args& args);

}  // namespace simrec::app
