#include "scenarios/evaluate.hpp"

#include <algorithm>

#include "algorithms/options.hpp"
#include "results/metrics/classification.hpp"
#include "results/metrics/ranking.hpp"
#include "results/metrics/watch_time_loss.hpp"
#include "scenarios/ini.hpp"
#include "scenarios/retrieval_oracle.hpp"

namespace simrec::scenarios {

namespace {
const std::vector<std::string> kTopK = {"recall", "precision", "ndcg", "map", "hit_rate", "popularity_rank", "fresh_share"};
const std::vector<std::string> kRanking = {"auc", "gauc", "log_loss", "weighted_per_user_loss", "oracle_click_weighted_per_user_loss",
                                           "oracle_watch_weighted_per_user_loss"};
const std::vector<std::string> kMultiTask = {"auc", "gauc", "log_loss", "mse", "mae"};
// Forecast metrics the scenario may list (forecast_runner.hpp records these and more).
const std::vector<std::string> kForecast = {"wmape", "wmape_mean_cross", "wmape_holiday", "wmape_last_month"};
// Multi-scenario metrics the scenario may list (evaluate_multi_scenario.hpp; grouping metrics are
// recorded whenever the model groups scenarios).
const std::vector<std::string> kMultiScenario = {"auc",      "gauc",      "log_loss",  "auc:head",
                                                 "auc:tail", "gauc:head", "gauc:tail", "scenario_auc_mean",
                                                 "scenario_auc_mean:head", "scenario_auc_mean:tail"};
const std::vector<std::string> kAlignment = {"fluency_score", "style_score", "quality_score", "fluency_pass", "true_ctr",
                                             "true_fluency", "true_fluent_share", "true_style", "true_quality", "keyword_coverage",
                                             "fluency_score_grammatical", "distinct_1", "distinct_2", "mean_length",
                                             "truncated_share", "true_fluent_share_ended", "fluency_score_ended",
                                             "fluency_pass_ended", "open_domain_share", "open_domain_mass",
                                             "stop_log_ratio_at_ends", "title_nll", "open_text_nll"};
const std::vector<std::string> kOnline = {"online_ctr", "online_watch_seconds_per_user", "online_feed_watch_seconds_per_user",
                                          "online_completion", "online_distinct_topics_per_page", "online_watch_seconds_per_impression",
                                          "online_clickbait_mean", "online_clickbait_share"};

// Mean over non-empty lists of the mean (vocabulary index + 1) of the first k items.
double mean_popularity_rank(const algorithms::RankedLists& lists, int k) {
  double total = 0;
  std::size_t counted = 0;
  for (std::size_t q = 0; q + 1 < lists.offsets.size(); ++q) {
    const std::int64_t begin = lists.offsets[q], end = std::min(lists.offsets[q + 1], begin + k);
    if (end <= begin) continue;
    double sum = 0;
    for (std::int64_t i = begin; i < end; ++i) sum += double(lists.items[std::size_t(i)] + 1);
    total += sum / double(end - begin);
    ++counted;
  }
  return counted ? total / double(counted) : 0.0;
}

// Retrieval segments: "map@10:new" is map@10 over the test users of the New activity group
// (the simulator's users; sim/world/types.hpp ActivityGroup order).
const std::vector<std::string> kSegments = {"new", "low", "high"};

// "map@10:new" -> ("map@10", "new"); no ':' -> (name, "").
std::pair<std::string, std::string> split_segment(const std::string& m) {
  const auto colon = m.rfind(':');
  if (colon == std::string::npos) return {m, ""};
  return {m.substr(0, colon), m.substr(colon + 1)};
}

// "recall@10" -> ("recall", 10); no '@' -> (name, 0).
std::pair<std::string, int> split_at_k(const std::string& m) {
  const auto at = m.find('@');
  if (at == std::string::npos) return {m, 0};
  try {
    std::size_t used = 0;
    const int k = std::stoi(m.substr(at + 1), &used);
    if (used != m.size() - at - 1 || k <= 0) return {m, -1};
    return {m.substr(0, at), k};
  } catch (...) {
    return {m, -1};
  }
}
}  // namespace

std::vector<std::string> metric_patterns(algorithms::Task task) {
  std::vector<std::string> p;
  if (task == algorithms::Task::Retrieval) {
    for (const auto& n : kTopK) p.push_back(n + "@K");
    p.push_back("<top-K>@K:new|low|high");
    p.push_back("oracle_popularity|oracle_demographic|oracle_taste.<top-K>@K");
    p.insert(p.end(), kOnline.begin(), kOnline.end());
  }
  if (task == algorithms::Task::Ranking) {
    p = kRanking;
    p.insert(p.end(), kOnline.begin(), kOnline.end());
  }
  if (task == algorithms::Task::MultiTask) p = kMultiTask;
  if (task == algorithms::Task::Forecast) p = kForecast;
  if (task == algorithms::Task::MultiScenario) p = kMultiScenario;
  if (task == algorithms::Task::Alignment) p = kAlignment;
  return p;
}

bool is_segmented_metric(const std::string& metric) { return !split_segment(metric).second.empty(); }

void check_metric(algorithms::Task task, const std::string& metric, const std::string& where) {
  if (task == algorithms::Task::Retrieval && metric.rfind("oracle_", 0) == 0) {
    std::string rest;
    if (!parse_retrieval_oracle(metric, nullptr, &rest))
      throw ScenarioError(where + ": metric '" + metric +
                          "': retrieval oracles are oracle_popularity, oracle_demographic, oracle_taste, followed by '.' and a top-K metric "
                          "(e.g. oracle_taste.map@10)");
    const auto [name, k] = split_at_k(split_segment(rest).first);
    if (k <= 0 || name == "fresh_share")
      throw ScenarioError(where + ": metric '" + metric + "': an oracle takes a top-K metric but fresh_share (e.g. oracle_taste.map@10)");
    check_metric(task, rest, where);
    return;
  }
  if (task == algorithms::Task::Retrieval && is_segmented_metric(metric)) {
    const auto [base, segment] = split_segment(metric);
    const auto [name, k] = split_at_k(base);
    const bool top_k = k > 0 && name != "fresh_share" && std::find(kTopK.begin(), kTopK.end(), name) != kTopK.end();
    if (!top_k)
      throw ScenarioError(where + ": metric '" + metric + "': a segment ':" + segment +
                          "' applies to the top-K metrics recall, precision, ndcg, map, hit_rate, popularity_rank (e.g. map@10:new)");
    if (std::find(kSegments.begin(), kSegments.end(), segment) == kSegments.end())
      throw ScenarioError(where + ": metric '" + metric + "': unknown segment '" + segment +
                          "'; allowed: new, low, high (the test users' activity group)");
    return;
  }
  const auto [name, k] = split_at_k(metric);
  bool ok = false;
  if (task == algorithms::Task::Retrieval)
    ok = (k > 0 && std::find(kTopK.begin(), kTopK.end(), name) != kTopK.end()) ||
         (k == 0 && std::find(kOnline.begin(), kOnline.end(), name) != kOnline.end());
  if (task == algorithms::Task::Ranking)
    ok = k == 0 && (std::find(kRanking.begin(), kRanking.end(), name) != kRanking.end() ||
                    std::find(kOnline.begin(), kOnline.end(), name) != kOnline.end());
  if (task == algorithms::Task::MultiTask) ok = k == 0 && std::find(kMultiTask.begin(), kMultiTask.end(), name) != kMultiTask.end();
  if (task == algorithms::Task::Forecast) ok = k == 0 && std::find(kForecast.begin(), kForecast.end(), name) != kForecast.end();
  if (task == algorithms::Task::MultiScenario)
    ok = k == 0 && std::find(kMultiScenario.begin(), kMultiScenario.end(), name) != kMultiScenario.end();
  if (task == algorithms::Task::Alignment) ok = k == 0 && std::find(kAlignment.begin(), kAlignment.end(), name) != kAlignment.end();
  if (ok) return;
  std::string allowed;
  for (const auto& p : metric_patterns(task)) allowed += (allowed.empty() ? "" : ", ") + p;
  std::vector<std::string> candidates;
  for (const auto& p : metric_patterns(task))
    if (p.front() != '<') candidates.push_back(p.substr(0, p.find('@')));
  throw ScenarioError(where + ": metric '" + metric + "' is not available for task " + algorithms::task_name(task) +
                      algorithms::did_you_mean(name, candidates) + "; allowed: " + allowed);
}

int max_k(const std::vector<std::string>& metrics) {
  int k = 0;
  for (const auto& m : metrics)
    if (!parse_retrieval_oracle(m, nullptr, nullptr)) k = std::max(k, split_at_k(split_segment(m).first).second);
  return k;
}

datasets::RetrievalSamples first_test_row_per_user(const datasets::RetrievalSamples& t) {
  datasets::RetrievalSamples q;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (r > 0 && t.user_id[r] == t.user_id[r - 1]) continue;
    q.user_id.push_back(t.user_id[r]);
    q.label.push_back(t.label[r]);
    q.label_video.push_back(t.label_video[r]);
    q.user_group.push_back(t.user_group[r]);
    q.age_bucket.push_back(t.age_bucket[r]);
    q.gender.push_back(t.gender[r]);
    q.device.push_back(t.device[r]);
    q.logged_in.push_back(t.logged_in[r]);
    q.region.push_back(t.region[r]);
    q.age_real.push_back(t.age_real[r]);
    q.example_age_days.push_back(t.example_age_days[r]);
    q.time_seconds.push_back(t.time_seconds[r]);
    for (auto v : t.history_of(r)) q.history.push_back(v);
    q.history_offsets.push_back(q.history.size());
    for (auto v : t.search_tokens_of(r)) q.search_tokens.push_back(v);
    q.search_offsets.push_back(q.search_tokens.size());
  }
  return q;
}

namespace {
// The metrics of `names` (no segments) over the query rows `rows`.
void evaluate_rows(const algorithms::RankedLists& lists, const datasets::RetrievalSamples& queries,
                   const std::vector<std::size_t>& rows, const std::vector<std::pair<std::string, std::string>>& names,
                   std::map<std::string, double>& out) {
  algorithms::RankedLists sub;
  std::vector<std::int64_t> relevant, relevant_offsets{0};
  for (const std::size_t r : rows) {
    sub.items.insert(sub.items.end(), lists.items.begin() + lists.offsets[r], lists.items.begin() + lists.offsets[r + 1]);
    sub.offsets.push_back(std::int64_t(sub.items.size()));
    relevant.push_back(queries.label[r]);
    relevant_offsets.push_back(std::int64_t(relevant.size()));
  }
  std::map<int, metrics::TopKScores> by_k;
  for (const auto& [full, base] : names) {
    const auto [name, k] = split_at_k(base);
    if (name == "popularity_rank") {
      out[full] = mean_popularity_rank(sub, k);
      continue;
    }
    if (name == "fresh_share" || k == 0) continue;  // upload times / online simulation: the runner adds them
    if (!by_k.count(k)) by_k[k] = metrics::topk_mean(sub.items, sub.offsets, relevant, relevant_offsets, k);
    const auto& s = by_k[k];
    out[full] = name == "recall" ? s.recall : name == "precision" ? s.precision : name == "ndcg" ? s.ndcg
              : name == "map" ? s.map : s.hit_rate;
  }
}
}  // namespace

std::map<std::string, double> evaluate_retrieval(const algorithms::RankedLists& lists,
                                                 const datasets::RetrievalSamples& queries,
                                                 const std::vector<std::string>& names) {
  if (lists.offsets.size() != queries.size() + 1)
    throw std::invalid_argument("evaluate_retrieval: " + std::to_string(lists.offsets.size() - 1) + " ranked lists for " +
                                std::to_string(queries.size()) + " queries");
  // Metrics grouped by segment ("" = every query); a segment's rows are its activity group's.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_segment;
  for (const auto& m : names) {
    if (parse_retrieval_oracle(m, nullptr, nullptr)) continue;  // the world's references: the runner adds them
    const auto [base, segment] = split_segment(m);
    by_segment[segment].emplace_back(m, base);
  }
  std::map<std::string, double> out;
  for (const auto& [segment, list] : by_segment) {
    std::vector<std::size_t> rows;
    const auto seg = std::find(kSegments.begin(), kSegments.end(), segment);
    if (!segment.empty() && seg == kSegments.end()) throw std::invalid_argument("evaluate_retrieval: unknown segment '" + segment + "'");
    for (std::size_t r = 0; r < queries.size(); ++r)
      if (segment.empty() || queries.user_group[r] == std::uint8_t(seg - kSegments.begin())) rows.push_back(r);
    if (rows.empty())
      throw std::invalid_argument("metric '" + list.front().first + "': no test user " +
                                  (segment.empty() ? std::string("at all") : "in the activity group '" + segment + "'"));
    evaluate_rows(lists, queries, rows, list, out);
  }
  return out;
}

std::map<std::string, double> evaluate_ranking(const std::vector<float>& scores, algorithms::ScoreKind kind,
                                               const datasets::RankingSamples& test,
                                               const std::vector<std::string>& names) {
  std::vector<float> clicks(test.click.begin(), test.click.end());
  std::vector<std::int64_t> users(test.user_id.begin(), test.user_id.end());
  std::vector<std::int64_t> pages(test.page_key.begin(), test.page_key.end());
  std::map<std::string, double> out;
  for (const auto& m : names) {
    if (m == "auc") out[m] = metrics::auc(clicks, scores);
    else if (m == "gauc") out[m] = metrics::gauc(users, clicks, scores);
    else if (m == "weighted_per_user_loss") out[m] = metrics::weighted_per_user_loss(pages, clicks, test.watch_seconds, scores);
    // oracle_*: need the world (ranking_oracle.hpp); the runner adds them.
    else if (m == "log_loss") {
      if (kind != algorithms::ScoreKind::ClickProbability)
        throw std::invalid_argument("log_loss needs click probabilities; this algorithm outputs another kind of score");
      out[m] = metrics::log_loss(clicks, scores);
    }
  }
  return out;
}

}  // namespace simrec::scenarios
