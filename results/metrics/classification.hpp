#pragma once
// Metrics of scored binary outcomes (clicks, conversions).
//
//   auc(labels, scores): probability that a random positive outscores a random negative, ties
//     counting one half (Mann-Whitney U with average ranks; equals scikit-learn's roc_auc_score).
//     Throws when either class is absent.
//   gauc(groups, labels, scores): sum_u n_u AUC_u / sum_u n_u over groups (users) that have both
//     classes; n_u = the group's number of impressions. Groups with one class are skipped.
//   log_loss(labels, probs): -mean(y log p + (1 - y) log(1 - p)), p clipped to
//     [1e-15, 1 - 1e-15] so a confident mistake costs a large finite amount.
// Labels are 0/1; inputs are parallel arrays of equal length (checked).

#include <cstdint>
#include <span>

namespace simrec::metrics {

double auc(std::span<const float> labels, std::span<const float> scores);
double gauc(std::span<const std::int64_t> groups, std::span<const float> labels,
            std::span<const float> scores);
double log_loss(std::span<const float> labels, std::span<const float> probs);

}  // namespace simrec::metrics
