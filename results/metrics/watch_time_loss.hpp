#pragma once
// The YouTube ranking article's weighted, per-user loss (Covington et al. 2016, §4.4).
//
// For every page (one user's impression list), over every (positive, negative) impression pair
// (positive = clicked, negative = not clicked): the pair is mispredicted when the negative scores
// higher than the positive; a tie counts one half. The pair's weight is the positive's watch
// time. loss = sum of mispredicted weight / sum of all pair weights, summed over all pages.
// Pages with no positive or no negative contribute nothing. Throws when no pair has weight.

#include <cstdint>
#include <span>

namespace simrec::metrics {

double weighted_per_user_loss(std::span<const std::int64_t> pages, std::span<const float> clicked,
                              std::span<const float> watch_seconds, std::span<const float> scores);

}  // namespace simrec::metrics
