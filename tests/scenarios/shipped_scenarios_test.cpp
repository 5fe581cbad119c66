// Every scenario file shipped in scenarios/ loads and validates (sections, knobs, every variant's
// algorithm options, metrics) at the default scale and at each scale it declares, so a typo in a
// scale block that a test run never uses is caught before a researcher meets it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

namespace fs = std::filesystem;
using namespace simrec;

namespace {

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(SIMREC_SOURCE_DIR) / "scenarios"))
    if (e.is_regular_file() && e.path().extension() == ".ini") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The scales a file declares with [scale.NAME] headers, plus "default".
std::vector<std::string> declared_scales(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::vector<std::string> scales{"default"};
  const std::regex header(R"(^\s*\[scale\.([A-Za-z0-9_]+)\]\s*$)", std::regex::multiline);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), header); it != std::sregex_iterator(); ++it)
    scales.push_back((*it)[1].str());
  return scales;
}

}  // namespace

TEST_CASE("every shipped scenario loads at every scale it declares", "[scenarios][shipped]") {
  const auto files = shipped_scenarios();
  REQUIRE(files.size() >= 20);
  for (const auto& file : files) {
    for (const auto& scale : declared_scales(file)) {
      INFO(file.filename().string() << " at scale " << scale);
      // A scenario whose real data is absent (mtl-adult without ../shared/data) still loads: the
      // runner skips it, saying so, when it is run.
      const auto sc = scenarios::load_scenario(file.string(), {}, scale);
      CHECK_FALSE(sc.variants.empty());
      CHECK_FALSE(sc.seeds.empty());
      // The name in the file is the file's name: reports and baselines refer to runs by it.
      CHECK(sc.name == file.stem().string());
    }
  }
}

TEST_CASE("the scale list of a file is read from its headers", "[scenarios][shipped]") {
  const fs::path quickstart = fs::path(SIMREC_SOURCE_DIR) / "scenarios" / "quickstart.ini";
  const auto scales = declared_scales(quickstart);
  CHECK(scales.front() == "default");
  CHECK(std::find(scales.begin(), scales.end(), "smoke") != scales.end());
}
