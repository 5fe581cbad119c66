#include "results/report/gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

extern char** environ;

namespace simrec::results::report {

namespace fs = std::filesystem;

namespace {

bool is_executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw PlotError("cannot write the plot file '" + path + "'");
}

}  // namespace

std::optional<std::string> find_gnuplot(std::string& why) {
  if (const char* forced = std::getenv("SIMREC_GNUPLOT")) {
    if (is_executable(forced)) return std::string(forced);
    why = std::string("SIMREC_GNUPLOT='") + forced + "' is not an executable file";
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (is_executable(dir + "/gnuplot")) return dir + "/gnuplot";
  why = "gnuplot not found on PATH (Debian package gnuplot-nox)";
  return std::nullopt;
}

std::string prepare_inline_svg(const std::string& svg, const std::string& prefix) {
  std::string s = svg;
  const auto start = s.find("<svg");
  if (start == std::string::npos) throw PlotError("gnuplot wrote no <svg> element");
  s.erase(0, start);
  s = std::regex_replace(s, std::regex(R"(\s+xmlns(:\w+)?="[^"]*")"), "");
  s = std::regex_replace(s, std::regex(R"(\bid=(['"]))"), "id=$1" + prefix);
  s = std::regex_replace(s, std::regex(R"(href=(['"])#)"), "href=$1#" + prefix);
  s = std::regex_replace(s, std::regex(R"(url\(#)"), "url(#" + prefix);
  return s;
}

GnuplotRunner::GnuplotRunner(std::string executable) : exe_(std::move(executable)) {
  std::string templ = (fs::temp_directory_path() / "simrec_plots_XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) throw PlotError("cannot create a temporary directory for gnuplot");
  dir_ = templ;
}

GnuplotRunner::~GnuplotRunner() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

int GnuplotRunner::run(const std::vector<std::string>& args, std::string& output) {
  const std::string log = dir_ + "/gnuplot.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(exe_.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe_.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw PlotError("cannot start '" + exe_ + "'");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  output = read_file(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string GnuplotRunner::render_svg(const PlotFiles& plot, int width, int height) {
  const std::string stem = "plot" + std::to_string(++count_);
  for (const auto& [name, text] : plot.data) write_file(dir_ + "/" + name, text);
  std::ostringstream script;
  script << "set terminal svg size " << width << "," << height << " dynamic font 'sans,11' background '#ffffff'\n"
         << "set termoption noenhanced\n"  // names like recall@10 or depth_2 print literally
         << "cd '" << dir_ << "'\n"
         << "set output '" << stem << ".svg'\n"
         << plot.script << "\nset output\n";
  write_file(dir_ + "/" + stem + ".gp", script.str());
  std::string output;
  const int rc = run({dir_ + "/" + stem + ".gp"}, output);
  if (rc != 0) throw PlotError("gnuplot failed (exit " + std::to_string(rc) + "): " + output.substr(0, 400));
  return prepare_inline_svg(read_file(dir_ + "/" + stem + ".svg"), stem + "_");
}

std::string GnuplotRunner::version() {
  std::string out;
  run({"--version"}, out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace simrec::results::report
