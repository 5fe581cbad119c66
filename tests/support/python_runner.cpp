#include "support/python_runner.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

namespace simrec::testing {

int run_python(const std::string& script, const std::string& args, std::string& output) {
  const std::string cmd = std::string(kSystemPython) + " '" + script + "' " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("run_python: cannot start " + cmd);
  char buf[4096];
  output.clear();
  while (std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool python_module_available(const std::string& module) {
  static std::mutex mu;
  static std::map<std::string, bool> known;
  std::lock_guard<std::mutex> lock(mu);
  auto it = known.find(module);
  if (it != known.end()) return it->second;
  const std::string cmd =
      std::string("test -x ") + kSystemPython + " && " + kSystemPython + " -c 'import " + module + "' >/dev/null 2>&1";
  const bool ok = std::system(cmd.c_str()) == 0;
  known[module] = ok;
  return ok;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string templ = "/tmp/" + prefix + "XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("make_temp_dir: mkdtemp failed");
  return templ;
}

}  // namespace simrec::testing
