#pragma once
// Upload-age diagnostics for retrieval (article 000 fig. 4; SPEC §7 yt-example-age): how the
// recommended videos, and the videos users actually watched next, are spread over upload age,
//   age(j) = (t_max - upload time of video j) / 1 day     (t_max: the newest training watch),
// in the buckets given by [eval] upload_age_buckets = e_1 < e_2 < ... < e_B (days): bucket b
// holds ages in (e_{b-1}, e_b] (e_0 = -inf), bucket B + 1 everything older. A model that learns
// only the training window's average popularity recommends fresh uploads at the window-average
// rate; one fed example age (0 at serving) can track their share at the end of the window.
// Upload times are public video metadata, read from the world by the harness.
//
// The runner records, per unit, the curves recommended_share_by_upload_age and
// test_label_share_by_upload_age (x = bucket number 1..B+1, y = share) and the metric
// fresh_share@K: the share of top-K recommendations in bucket 1 (age <= e_1).

#include <cstdint>
#include <vector>

#include "algorithms/algorithm.hpp"
#include "datasets/video_datasets.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

// age(j) in days for every video vocabulary index j.
std::vector<double> video_upload_age_days(const sim::World& world, const datasets::VideoDatasets& data);

// Bucket (0-based, 0..B) of an age.
std::size_t upload_age_bucket(double age_days, const std::vector<double>& edges_days);

// Shares of the first k items of every list (k <= 0: all items) by bucket; B + 1 entries summing
// to 1 (all zero when there is no item). Ids outside the vocabulary are skipped.
std::vector<double> upload_age_shares(const algorithms::RankedLists& lists, int k, const std::vector<double>& ages,
                                      const std::vector<double>& edges_days);
// The same over the queries' labels.
std::vector<double> label_upload_age_shares(const datasets::RetrievalSamples& queries, const std::vector<double>& ages,
                                            const std::vector<double>& edges_days);

}  // namespace simrec::scenarios
