#include "results/metric_direction.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace simrec::results {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const std::set<std::string>& higher_families() {
  static const std::set<std::string> names = {
      "auc", "gauc", "recall", "precision", "map", "ndcg", "hit_rate", "hitrate", "accuracy", "f1", "mrr",
      "coverage", "diversity", "adjusted_rand_index", "ari", "ctr", "completion", "completion_rate",
      "watch_time", "samples_per_second", "fluency", "style", "quality", "fluency_pass_rate",
      "fluency_pass", "keyword_coverage", "fluency_score_grammatical", "fluency_score_ended", "fluency_pass_ended",
      "scenario_auc_mean"};
  return names;
}

const std::set<std::string>& descriptive_families() {
  static const std::set<std::string> names = {"mean_length", "popularity_rank", "fresh_share", "num_groups",
                                              "affinity_edges", "affinity_pairs", "stop_log_ratio_at_ends",
                                              "title_nll"};
  return names;
}

const std::set<std::string>& lower_families() {
  static const std::set<std::string> names = {"log_loss", "logloss", "loss", "mse", "rmse", "mae", "wmape",
                                              "smape", "mape", "weighted_per_user_loss", "peak_rss_bytes",
                                              "online_clickbait_mean", "online_clickbait_share", "truncated_share",
                                              "open_domain_share", "open_domain_mass", "open_text_nll"};
  return names;
}

}  // namespace

MetricName parse_metric_name(const std::string& name) {
  const auto at = name.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == name.size()) return {name, std::nullopt};
  const std::string suffix = name.substr(at + 1);
  if (!std::all_of(suffix.begin(), suffix.end(), [](unsigned char c) { return std::isdigit(c); }) || suffix.size() > 18)
    return {name, std::nullopt};
  return {name.substr(0, at), std::stoll(suffix)};
}

MetricDirection metric_direction(const std::string& name) {
  // Per-task and per-segment names "auc:income", "mse:completion_ratio.New", "map@10:new": the
  // family is the part before ':', without its "@K".
  // A retrieval oracle's "oracle_taste.map@10": the family of the metric after the '.'.
  std::string base = name;
  if (base.rfind("oracle_", 0) == 0 && base.find('.') != std::string::npos) base = base.substr(base.find('.') + 1);
  std::string family = parse_metric_name(base.substr(0, base.find(':'))).family;
  std::transform(family.begin(), family.end(), family.begin(), [](unsigned char c) { return std::tolower(c); });
  if (higher_families().count(family)) return {Direction::higher_is_better, true};
  if (lower_families().count(family)) return {Direction::lower_is_better, true};
  // The online simulation's measures of served recommendations (online_completion,
  // online_distinct_topics_per_page): the direction of the measure itself.
  if (family.rfind("online_", 0) == 0 && family.size() > 7) return metric_direction(family.substr(7));
  // An oracle's value of a metric without a '.' (oracle_auc, oracle_scenario_auc_mean): the metric's.
  if (family.rfind("oracle_", 0) == 0 && family.size() > 7) return metric_direction(family.substr(7));
  if (descriptive_families().count(family) || ends_with(family, "_chance") ||
      (family.rfind("data_", 0) == 0 && family.rfind("data_auc_", 0) != 0))
    return {Direction::descriptive, true};
  if (family.find("watch_seconds") != std::string::npos) return {Direction::higher_is_better, true};
  if (ends_with(family, "_per_second")) return {Direction::higher_is_better, true};
  if (ends_with(family, "_seconds") || ends_with(family, "_loss") || ends_with(family, "_error"))
    return {Direction::lower_is_better, true};
  if (ends_with(family, "_auc") || ends_with(family, "_gauc")) return {Direction::higher_is_better, true};
  // Alignment: evaluator scores (fluency_score), the title world's truth (true_ctr, true_fluency),
  // diversity (distinct_1, distinct_2).
  if (ends_with(family, "_score") || family.rfind("true_", 0) == 0 || family.rfind("distinct_", 0) == 0 ||
      family.rfind("data_auc_", 0) == 0)
    return {Direction::higher_is_better, true};
  // Chance levels of a statistic (results/stats/ari_permutation.hpp): a permutation p-value is
  // better when lower, a z-score against the permutation null when higher.
  if (ends_with(family, "_perm_p")) return {Direction::lower_is_better, true};
  if (ends_with(family, "_z")) return {Direction::higher_is_better, true};
  // Adjusted Rand index breakdowns: ari_hidden_groups, ari_hidden_groups_rows.
  if (family.rfind("ari_", 0) == 0) return {Direction::higher_is_better, true};
  // Forecast error breakdowns: wmape_holiday, wmape_dims_2, wmape_group_0, wmape_last_month, ...
  if (family.rfind("wmape_", 0) == 0) return {Direction::lower_is_better, true};
  return {Direction::higher_is_better, false};
}

double MetricDirection::worsening(double difference) const {
  if (descriptive()) return std::fabs(difference);
  return higher_is_better() ? -difference : difference;
}

std::string describe(const MetricDirection& d) {
  if (!d.known) return "unknown direction, treated as higher is better";
  if (d.descriptive()) return "descriptive: no better direction";
  return d.higher_is_better() ? "higher is better" : "lower is better";
}

}  // namespace simrec::results
