#include "algorithms/multitask/fusion.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace simrec::algorithms::multitask {

std::vector<double> fusion_scores(std::span<const float> predictions, std::span<const double> powers,
                                  std::span<const std::uint8_t> mask, double floor) {
  const std::size_t T = powers.size();
  if (T == 0 || predictions.size() % T != 0)
    throw std::invalid_argument("fusion_scores: " + std::to_string(predictions.size()) + " predictions do not split into rows of " +
                                std::to_string(T) + " tasks");
  if (!mask.empty() && mask.size() != predictions.size()) throw std::invalid_argument("fusion_scores: mask is not rows x tasks");
  if (!(floor > 0)) throw std::invalid_argument("fusion_scores: floor must be positive");
  const std::size_t rows = predictions.size() / T;
  std::vector<double> score(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    double log_score = 0;
    for (std::size_t t = 0; t < T; ++t) {
      if (powers[t] == 0 || (!mask.empty() && mask[r * T + t] == 0)) continue;
      log_score += powers[t] * std::log(std::max(double(predictions[r * T + t]), floor));
    }
    score[r] = std::exp(log_score);
  }
  return score;
}

std::vector<double> parse_fusion_powers(const std::string& text, const datasets::MultiTaskTable& schema, double unnamed_power) {
  const std::size_t T = schema.num_tasks();
  std::vector<double> powers(T, unnamed_power);
  std::vector<bool> exact_set(T, false);
  std::stringstream in(text);
  std::string part;
  std::string tasks;
  for (std::size_t t = 0; t < T; ++t) tasks += (t ? ", " : "") + schema.task_names[t];
  while (std::getline(in, part, ',')) {
    part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
    if (part.empty()) continue;
    const auto eq = part.find('=');
    char* end = nullptr;
    const std::string name = part.substr(0, eq == std::string::npos ? 0 : eq);
    const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
    const double p = std::strtod(value.c_str(), &end);
    if (name.empty() || value.empty() || end != value.c_str() + value.size() || !std::isfinite(p))
      throw std::invalid_argument("fusion powers: '" + part + "' is not task=power");
    bool found = false;
    for (std::size_t t = 0; t < T; ++t) {
      const std::uint32_t b = schema.task_behaviour[t];
      if (schema.task_names[t] == name) {
        powers[t] = p;
        exact_set[t] = found = true;
      } else if (b < schema.behaviour_names.size() && schema.behaviour_names[b] == name) {
        if (!exact_set[t]) powers[t] = p;
        found = true;
      }
    }
    if (!found) throw std::invalid_argument("fusion powers: unknown task '" + name + "'; the tasks: " + tasks);
  }
  return powers;
}

}  // namespace simrec::algorithms::multitask
