#include "datasets/preference_builder.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace simrec::datasets {

namespace {

double combined_score(double fluency, double quality, const PreferenceRule& rule) {
  return (rule.fluency_weight == 1 ? fluency : std::pow(fluency, rule.fluency_weight)) * quality;
}

// Adds one kept pair to the stats (means are divided at the end by finish_stats).
void add_pair(PreferenceStats& st, double f_chosen, double c_chosen, double f_rejected, double c_rejected, const PreferenceRule& rule) {
  ++st.kept;
  st.rejected_disfluent += f_rejected < rule.fluency_bar;
  st.chosen_disfluent += f_chosen < rule.fluency_bar;
  st.mean_chosen_score += c_chosen;
  st.mean_rejected_score += c_rejected;
}

void finish_stats(PreferenceStats& st) {
  if (st.kept == 0) return;
  st.mean_chosen_score /= double(st.kept);
  st.mean_rejected_score /= double(st.kept);
}

void push_pair(PreferenceData& d, std::uint32_t industry, std::span<const std::uint32_t> keywords, std::span<const std::uint32_t> chosen,
               std::span<const std::uint32_t> rejected) {
  d.pairs.prompts.push(industry, keywords);
  d.pairs.chosen.push(chosen);
  d.pairs.rejected.push(rejected);
  for (const auto& [title, good] : {std::pair{chosen, true}, std::pair{rejected, false}}) {
    d.feedback.prompts.push(industry, keywords);
    d.feedback.completions.push(title);
    d.feedback.desirable.push_back(good ? 1 : 0);
  }
}

}  // namespace

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
    const auto combined = [&](std::size_t r) { return combined_score(double(fluency[r]), double(quality[r]), rule); };
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
    push_pair(d, prompts.industry[i], prompts.keywords.at(i), a, b);
    d.chosen_row.push_back(best);
    add_pair(d.stats, fluency[best], combined(best), fluency[worst], combined(worst), rule);
  }
  finish_stats(d.stats);
  return d;
}

PreferenceData with_corrupted_rejected(const PreferenceData& data, const ScoredTitles& candidates, const TokenSequences& corrupted,
                                       const ScoredTitles& corrupted_scores, const PreferenceRule& rule) {
  const std::size_t n = data.pairs.size();
  if (corrupted.size() != n || corrupted_scores.fluency.size() != n || corrupted_scores.quality.size() != n || data.chosen_row.size() != n)
    throw std::invalid_argument("preference data: expected one corruption and its scores per pair (" + std::to_string(n) + "), got " +
                                std::to_string(corrupted.size()) + " titles, " + std::to_string(corrupted_scores.fluency.size()) +
                                " fluency and " + std::to_string(corrupted_scores.quality.size()) + " quality scores");
  PreferenceData d;
  d.stats.prompts = data.stats.prompts;
  for (std::size_t k = 0; k < n; ++k) {
    const auto chosen = data.pairs.chosen.at(k), bad = corrupted.at(k);
    if (std::equal(chosen.begin(), chosen.end(), bad.begin(), bad.end())) continue;
    push_pair(d, data.pairs.prompts.industry[k], data.pairs.prompts.keywords.at(k), chosen, bad);
    const std::size_t row = data.chosen_row[k];
    d.chosen_row.push_back(row);
    add_pair(d.stats, candidates.fluency[row], combined_score(candidates.fluency[row], candidates.quality[row], rule),
             corrupted_scores.fluency[k], combined_score(corrupted_scores.fluency[k], corrupted_scores.quality[k], rule), rule);
  }
  finish_stats(d.stats);
  return d;
}

ThresholdFeedback threshold_feedback(const TitlePrompts& prompts, const TokenSequences& candidates, std::size_t samples_per_prompt,
                                     const ScoredTitles& scores, const PreferenceRule& rule, const FeedbackThresholds& t) {
  const std::size_t P = prompts.size(), K = samples_per_prompt;
  if (K < 1 || candidates.size() != P * K || scores.fluency.size() != P * K || scores.quality.size() != P * K)
    throw std::invalid_argument("threshold feedback: expected " + std::to_string(P * K) + " candidates and scores (" + std::to_string(P) +
                                " prompts x " + std::to_string(K) + "), got " + std::to_string(candidates.size()) + " titles, " +
                                std::to_string(scores.fluency.size()) + " fluency and " + std::to_string(scores.quality.size()) +
                                " quality scores");
  if (!(t.undesirable_max >= 0 && t.undesirable_max < t.desirable_min && t.desirable_min <= 1))
    throw std::invalid_argument("threshold feedback: undesirable_max = " + std::to_string(t.undesirable_max) + " and desirable_min = " +
                                std::to_string(t.desirable_min) + " are out of range: allowed 0 <= undesirable_max < desirable_min <= 1");
  ThresholdFeedback out;
  for (std::size_t i = 0; i < P; ++i) {
    for (std::size_t r = i * K; r < (i + 1) * K; ++r) {
      const auto title = candidates.at(r);
      bool repeat = false;
      for (std::size_t e = i * K; e < r && !repeat; ++e) {
        const auto earlier = candidates.at(e);
        repeat = std::equal(title.begin(), title.end(), earlier.begin(), earlier.end());
      }
      if (repeat) {
        ++out.repeats;
        continue;
      }
      const double c = combined_score(double(scores.fluency[r]), double(scores.quality[r]), rule);
      const bool good = c >= t.desirable_min, bad = c <= t.undesirable_max;
      if (!good && !bad) {
        ++out.left_out;
        continue;
      }
      ++(good ? out.desirable : out.undesirable);
      out.feedback.prompts.push(prompts.industry[i], prompts.keywords.at(i));
      out.feedback.completions.push(title);
      out.feedback.desirable.push_back(good ? 1 : 0);
    }
  }
  return out;
}

}  // namespace simrec::datasets
