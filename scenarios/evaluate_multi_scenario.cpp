#include "scenarios/evaluate_multi_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "results/metrics/classification.hpp"

namespace simrec::scenarios {

namespace {

bool both_classes(std::span<const float> labels) {
  bool pos = false, neg = false;
  for (float y : labels) (y > 0.5f ? pos : neg) = true;
  return pos && neg;
}

// The metric family over the rows `keep` selects (all when empty); nullopt without both classes.
std::optional<double> score(const std::string& family, std::span<const float> p, const datasets::AdSampleTable& t,
                            const std::vector<std::size_t>* keep) {
  std::vector<float> labels, probs;
  std::vector<std::int64_t> users;
  const std::size_t n = keep ? keep->size() : t.size();
  labels.reserve(n);
  probs.reserve(n);
  users.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = keep ? (*keep)[i] : i;
    labels.push_back(t.click[r]);
    probs.push_back(p[r]);
    users.push_back(std::int64_t(t.user[r]));
  }
  if (family == "log_loss") return labels.empty() ? std::nullopt : std::optional<double>(metrics::log_loss(labels, probs));
  if (!both_classes(labels)) return std::nullopt;
  if (family == "auc") return metrics::auc(labels, probs);
  // gauc: at least one user must have both classes.
  std::vector<std::size_t> order(users.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return users[a] < users[b]; });
  bool any = false;
  for (std::size_t i = 0; i < order.size() && !any;) {
    std::size_t j = i;
    bool pos = false, neg = false;
    for (; j < order.size() && users[order[j]] == users[order[i]]; ++j) (labels[order[j]] > 0.5f ? pos : neg) = true;
    any = pos && neg;
    i = j;
  }
  if (!any) return std::nullopt;
  return metrics::gauc(users, labels, probs);
}

}  // namespace

std::vector<std::uint8_t> head_scenarios(std::span<const std::uint64_t> train_rows, double head_share) {
  if (!(head_share > 0 && head_share <= 1)) throw std::invalid_argument("head_scenarios: head_share must be in (0, 1]");
  std::vector<std::uint32_t> ids(train_rows.size());
  std::iota(ids.begin(), ids.end(), 0u);
  std::stable_sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return train_rows[a] > train_rows[b]; });
  const double total = double(std::accumulate(train_rows.begin(), train_rows.end(), std::uint64_t(0)));
  std::vector<std::uint8_t> head(train_rows.size(), 0);
  double covered = 0;
  for (std::uint32_t s : ids) {
    if (covered >= head_share * total || train_rows[s] == 0) break;
    head[s] = 1;
    covered += double(train_rows[s]);
  }
  return head;
}

std::vector<double> scenario_aucs(std::span<const float> p, const datasets::AdSampleTable& t, std::uint32_t num_scenarios) {
  if (p.size() != t.size()) throw std::invalid_argument("scenario_aucs: predictions and test rows differ in number");
  // Rows grouped by scenario (counting sort keeps row order within a scenario).
  std::vector<std::size_t> start(std::size_t(num_scenarios) + 1, 0);
  for (std::size_t r = 0; r < t.size(); ++r) ++start[t.scenario[r] + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::size_t> pos(start.begin(), start.end() - 1), rows(t.size());
  for (std::size_t r = 0; r < t.size(); ++r) rows[pos[t.scenario[r]]++] = r;
  std::vector<double> out(num_scenarios, std::numeric_limits<double>::quiet_NaN());
  std::vector<float> labels, probs;
  for (std::uint32_t s = 0; s < num_scenarios; ++s) {
    labels.clear();
    probs.clear();
    for (std::size_t i = start[s]; i < start[s + 1]; ++i) {
      labels.push_back(t.click[rows[i]]);
      probs.push_back(p[rows[i]]);
    }
    if (both_classes(labels)) out[s] = metrics::auc(labels, probs);
  }
  return out;
}

std::map<std::string, double> evaluate_multi_scenario(std::span<const float> p, const datasets::AdSampleTable& t,
                                                      std::span<const std::uint8_t> is_head, const std::vector<std::string>& names) {
  if (p.size() != t.size()) throw std::invalid_argument("evaluate_multi_scenario: predictions and test rows differ in number");
  std::vector<std::size_t> head_rows, tail_rows;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.scenario[r] >= is_head.size()) throw std::invalid_argument("evaluate_multi_scenario: a test row's scenario id is out of range");
    (is_head[t.scenario[r]] ? head_rows : tail_rows).push_back(r);
  }
  std::map<std::string, double> out;
  std::vector<double> per_scenario;  // computed on first use
  for (const auto& m : names) {
    std::optional<double> v;
    const auto colon = m.find(':');
    const std::string family = m.substr(0, colon);
    // -1: every scenario / row; 1: head only; 0: tail only.
    const int part = colon == std::string::npos ? -1 : m.substr(colon + 1) == "head" ? 1 : 0;
    if (family == "scenario_auc_mean") {
      if (per_scenario.empty()) per_scenario = scenario_aucs(p, t, std::uint32_t(is_head.size()));
      double sum = 0;
      std::size_t n = 0;
      for (std::size_t s = 0; s < per_scenario.size(); ++s)
        if (!std::isnan(per_scenario[s]) && (part < 0 || is_head[s] == part)) sum += per_scenario[s], ++n;
      if (n > 0) v = sum / double(n);
    } else {
      v = score(family, p, t, part < 0 ? nullptr : part == 1 ? &head_rows : &tail_rows);
    }
    if (v) out[m] = *v;
  }
  return out;
}

}  // namespace simrec::scenarios
