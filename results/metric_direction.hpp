#pragma once
// Whether a larger value of a metric is better, from the metric's name (used by gate, compare
// and report to say "better" / "worse").
//
// The name is split into a family and an optional "@K" cut-off: "recall@10" -> ("recall", 10).
// Families, by table:
//   higher is better: auc, gauc, recall, precision, map, ndcg, hit_rate, accuracy, f1, mrr,
//                     coverage, diversity, adjusted_rand_index / ari, ctr, completion,
//                     watch_time / watch_seconds_per_user..., samples_per_second, and the title
//                     world's fluency / style / quality evaluator scores
//   lower is better:  log_loss, loss, mse, rmse, mae, wmape, smape, mape,
//                     weighted_per_user_loss, peak_rss_bytes
// then by suffix for names not in the table: "*_loss", "*_error" -> lower; "*_seconds" (time
// taken: fit_seconds, predict_seconds) -> lower, except "*watch_seconds*" -> higher;
// "*_per_second" -> higher; "*_auc", "*_gauc" -> higher (per-scenario variants like head_auc);
// "online_<measure>" (the online simulation's) and "oracle_<metric>" -> the direction of
// <measure> / <metric>; scenario_auc_mean (mean per-scenario AUC) -> higher.
// DESCRIPTIVE (no better direction; a change either way is a change, not an improvement): facts
// of a run's data ("data_*" except the evaluator AUCs "data_auc_*"), chance levels ("*_chance"),
// and what a model's output looks like rather than how good it is (mean_length,
// popularity_rank, fresh_share, num_groups, affinity_edges, affinity_pairs). The gate fails a
// descriptive metric that moves beyond its tolerance in either direction.
// Anything else is UNKNOWN: callers treat it as higher-is-better and flag it ("unknown
// direction"), so a silent wrong guess is never mistaken for a checked one.

#include <optional>
#include <string>

namespace simrec::results {

enum class Direction { higher_is_better, lower_is_better, descriptive };

struct MetricDirection {
  Direction direction = Direction::higher_is_better;
  bool known = false;
  bool higher_is_better() const { return direction == Direction::higher_is_better; }
  bool descriptive() const { return direction == Direction::descriptive; }
  // How much worse a change of `difference` (candidate - baseline) is: the signed worsening for a
  // metric with a better direction, the size of the change for a descriptive one.
  double worsening(double difference) const;
};

struct MetricName {
  std::string family;           // "recall"
  std::optional<long long> k;   // 10 for "recall@10"
};

// "recall@10" -> {recall, 10}; "auc" -> {auc, none}; a malformed suffix ("ndcg@x") keeps the whole
// name as the family.
MetricName parse_metric_name(const std::string& name);

MetricDirection metric_direction(const std::string& name);

// "higher is better", "lower is better" or "unknown direction, treated as higher is better".
std::string describe(const MetricDirection& d);

}  // namespace simrec::results
