#include "app/commands/run_table.hpp"

#include <cstdio>
#include <map>

#include "results/stats/summary.hpp"

namespace simrec::app {

void print_run_table(const results::Run& run, const std::vector<std::string>& metrics, std::ostream& os) {
  // Variants in the order of the resolved config (the scenario's order).
  std::vector<std::string> order;
  for (std::size_t pos = run.config.find("[variant."); pos != std::string::npos; pos = run.config.find("[variant.", pos + 1)) {
    const auto end = run.config.find("]\n", pos);
    order.push_back(run.config.substr(pos + 9, end - pos - 9));
  }
  std::size_t name_w = 7;
  for (const auto& v : order) name_w = std::max(name_w, v.size());
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-*s", int(name_w), "variant");
  os << "\n" << buf;
  for (const auto& m : metrics) {
    std::snprintf(buf, sizeof buf, "  %20s", m.c_str());
    os << buf;
  }
  os << "  seeds\n" << std::string(name_w + metrics.size() * 22 + 7, '-') << "\n";
  for (const auto& v : order) {
    std::snprintf(buf, sizeof buf, "%-*s", int(name_w), v.c_str());
    os << buf;
    std::int64_t ok = 0, failed = 0;
    std::map<std::string, std::vector<double>> values;
    for (const auto& u : run.units) {
      if (u.variant != v) continue;
      if (!u.ok()) {
        ++failed;
        continue;
      }
      ++ok;
      for (const auto& m : metrics)
        if (u.metrics.count(m)) values[m].push_back(u.metrics.at(m));
    }
    for (const auto& m : metrics) {
      const auto& xs = values[m];
      if (xs.empty()) {
        std::snprintf(buf, sizeof buf, "  %20s", "-");
      } else {
        const double sd = xs.size() > 1 ? stats::sample_std(xs) : 0.0;
        std::snprintf(buf, sizeof buf, "  %11.4f +- %6.4f", stats::mean(xs), sd);
      }
      os << buf;
    }
    os << "  " << ok << (failed ? " (" + std::to_string(failed) + " failed)" : std::string()) << "\n";
  }
  os << "\n";
}

}  // namespace simrec::app
