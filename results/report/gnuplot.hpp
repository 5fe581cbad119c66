#pragma once
// Rendering plots with gnuplot (Debian: gnuplot-nox) as a subprocess: a generated script plus
// data files in a private temporary directory, `set terminal svg`, and the SVG returned as text
// ready to be inlined into an HTML page:
//   - the XML prolog and the xmlns declarations are dropped (the HTML parser puts <svg> in the SVG
//     namespace itself, so the page holds no "http://" string at all);
//   - every id (and each reference to it: href='#id', url(#id)) gets a per-plot prefix, since
//     gnuplot names its markers identically in every file and ids must be unique in one page.
//
// Which gnuplot: $SIMREC_GNUPLOT when set (a path; empty or not executable = "unavailable", so
// tests and users can force the no-plot path), else the first "gnuplot" on PATH.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace simrec::results::report {

class PlotError : public std::runtime_error {
 public:
  explicit PlotError(const std::string& what) : std::runtime_error(what) {}
};

// The gnuplot executable, or nullopt with `why` set ("gnuplot not found on PATH").
std::optional<std::string> find_gnuplot(std::string& why);

struct PlotFiles {
  std::string script;  // gnuplot commands after the terminal/output lines (which render() adds)
  std::vector<std::pair<std::string, std::string>> data;  // file name -> contents
};

class GnuplotRunner {
 public:
  explicit GnuplotRunner(std::string executable);  // creates the temporary directory
  ~GnuplotRunner();                                // removes it
  GnuplotRunner(const GnuplotRunner&) = delete;
  GnuplotRunner& operator=(const GnuplotRunner&) = delete;

  // Runs one plot of width x height (SVG user units; the SVG scales to its container). Throws
  // PlotError with gnuplot's message when it fails.
  std::string render_svg(const PlotFiles& plot, int width, int height);

  // "gnuplot 5.4 patchlevel 4"
  std::string version();

 private:
  int run(const std::vector<std::string>& args, std::string& output);
  std::string exe_, dir_;
  int count_ = 0;
};

// The inlining clean-up described above (exposed for tests).
std::string prepare_inline_svg(const std::string& svg, const std::string& id_prefix);

}  // namespace simrec::results::report
