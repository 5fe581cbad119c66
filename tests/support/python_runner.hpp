#pragma once
// Runs the cross-check scripts with Debian's /usr/bin/python3 (the python3 first on PATH may be
// another interpreter without torch). Tests that need PyTorch or scikit-learn call
// *_available() and SKIP, saying so, when the module is missing; they never pass silently.

#include <string>

namespace simrec::testing {

inline constexpr const char* kSystemPython = "/usr/bin/python3";

// Whether `import <module>` works under /usr/bin/python3 (checked once per module).
bool python_module_available(const std::string& module);

// Runs /usr/bin/python3 <script> <args>; returns the exit code, and combined output in `output`.
int run_python(const std::string& script, const std::string& args, std::string& output);

// A fresh temporary directory (removed by the caller when wanted).
std::string make_temp_dir(const std::string& prefix);

}  // namespace simrec::testing
