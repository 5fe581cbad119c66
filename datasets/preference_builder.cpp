#include "datasets/preference_builder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::datasets {

PreferenceData build_preferences(const TitlePrompts& prompts, const TokenSequences& candidates, std::size_t samples_per_prompt,
                                 std::span<const float> fluency, std::span<const float> quality, const PreferenceRule& rule) {
  const std::size_t P = prompts.size(), K = samples_per_prompt;
  if (K < 2) throw std::invalid_argument("preference data: samples_per_prompt = " + std::to_string(K) + " is out of range: allowed >= 2");
  if (candidates.size() != P * K || fluency.size() != P * K || quality.size() != P * K)
    throw std::invalid_argument("preference data: expected " + std::to_string(P * K) + " candidates and scores (" + std::to_string(P) +
                                " prompts x " + std::to_string(K) + "), got " + std::to_string(candidates.size()) + " titles, " +
                                std::to_string(fluency.size()) + " fluency and " + std::to_string(quality.size()) + " quality scores");
  if (!(rule.fluency_weight >= 0 && rule.fluency_weight <= 1))
    throw std::invalid_argument("preference data: fluency_weight = " + std::to_string(rule.fluency_weight) + " is out of range: allowed [0, 1]");
  PreferenceData d;
  d.stats.prompts = P;
  for (std::size_t i = 0; i < P; ++i) {
    std::size_t best = i * K, worst = i * K;
    const auto combined = [&](std::size_t r) {
      return (rule.fluency_weight == 1 ? double(fluency[r]) : std::pow(double(fluency[r]), rule.fluency_weight)) * double(quality[r]);
    };
    for (std::size_t r = i * K + 1; r < (i + 1) * K; ++r) {
      if (combined(r) > combined(best)) best = r;
      if (combined(r) < combined(worst)) worst = r;
    }
    if (rule.rejected_rank > 0) {  // the (rank + 1)-th best instead of the worst
      std::vector<std::size_t> order(K);
      for (std::size_t j = 0; j < K; ++j) order[j] = i * K + j;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return combined(a) > combined(b); });
      best = order[0];
      worst = order[std::min(rule.rejected_rank, K - 1)];
    }
    const auto a = candidates.at(best), b = candidates.at(worst);
    if (combined(best) - combined(worst) < rule.min_margin || std::equal(a.begin(), a.end(), b.begin(), b.end())) continue;
    const auto keywords = prompts.keywords.at(i);
    d.pairs.prompts.push(prompts.industry[i], keywords);
    d.pairs.chosen.push(a);
    d.pairs.rejected.push(b);
    for (const auto& [row, good] : {std::pair{best, true}, std::pair{worst, false}}) {
      d.feedback.prompts.push(prompts.industry[i], keywords);
      d.feedback.completions.push(candidates.at(row));
      d.feedback.desirable.push_back(good ? 1 : 0);
    }
    ++d.stats.kept;
    d.stats.rejected_disfluent += fluency[worst] < rule.fluency_bar;
    d.stats.chosen_disfluent += fluency[best] < rule.fluency_bar;
    d.stats.mean_chosen_score += combined(best);
    d.stats.mean_rejected_score += combined(worst);
  }
  if (d.stats.kept > 0) {
    d.stats.mean_chosen_score /= double(d.stats.kept);
    d.stats.mean_rejected_score /= double(d.stats.kept);
  }
  return d;
}

}  // namespace simrec::datasets
