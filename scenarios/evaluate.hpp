#pragma once
// The harness's evaluation: turns an algorithm's predictions into metrics, the same way for
// every algorithm (SPEC §1: algorithms never compute their own evaluation metrics).
//
// Retrieval (one query per test user: the first test-period watch is the relevant item, the
// user's training history the input): recall@K, precision@K, ndcg@K, map@K, hit_rate@K, and the
// diagnostic popularity_rank@K: the mean training-popularity rank of the top-K recommendations
// (1 = the most watched training video; the video vocabulary is ordered by training watches, so
// the rank is the vocabulary index + 1), averaged over queries — lower means more popular videos
// are recommended (how the sampled-softmax ablation measures popularity bias). fresh_share@K
// (upload_age.hpp) needs the world's upload times, and the online_* metrics (eval.online_days) a
// simulated serving period: the runner computes those, not this function.
// Ranking (every test impression): auc and gauc of clicks, log_loss (probability scores only),
// weighted_per_user_loss (the YouTube article's watch-time-weighted pairwise loss per page); the
// oracle_*_weighted_per_user_loss references (ranking_oracle.hpp) and the online_* metrics of a
// served ranker (ranking_policy.hpp) need the world: the runner computes those.

#include <map>
#include <string>
#include <vector>

#include "algorithms/algorithm.hpp"

namespace simrec::scenarios {

// Metric name patterns a task supports (for messages and `simrec list`).
std::vector<std::string> metric_patterns(algorithms::Task task);
// Throws ScenarioError with a suggestion when `metric` is not supported by the task.
void check_metric(algorithms::Task task, const std::string& metric, const std::string& where);
// True for a retrieval metric restricted to a segment of the test users ("map@10:new"; segments
// new | low | high, the simulator's activity groups).
bool is_segmented_metric(const std::string& metric);
// The largest K among "@K" metrics (the list length the harness asks for); 0 when none.
int max_k(const std::vector<std::string>& metrics);

// The retrieval queries: the first test row of each user.
datasets::RetrievalSamples first_test_row_per_user(const datasets::RetrievalSamples& test);

// Top-K metrics of `lists` (one per query row) against each query's label; "name@K:segment" over
// the rows of that activity group only.
std::map<std::string, double> evaluate_retrieval(const algorithms::RankedLists& lists,
                                                 const datasets::RetrievalSamples& queries,
                                                 const std::vector<std::string>& metrics);
std::map<std::string, double> evaluate_ranking(const std::vector<float>& scores, algorithms::ScoreKind kind,
                                               const datasets::RankingSamples& test,
                                               const std::vector<std::string>& metrics);

}  // namespace simrec::scenarios
