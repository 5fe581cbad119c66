#include "scenarios/evaluate_multitask.hpp"

#include <stdexcept>

#include "results/metrics/classification.hpp"
#include "results/metrics/regression.hpp"

namespace simrec::scenarios {

namespace {

bool family_is_binary(const std::string& f) { return f == "auc" || f == "gauc" || f == "log_loss"; }

bool both_classes(const std::vector<float>& labels) {
  bool pos = false, neg = false;
  for (float y : labels) (y > 0.5f ? pos : neg) = true;
  return pos && neg;
}

}  // namespace

std::map<std::string, double> evaluate_multitask(const std::vector<float>& predictions, const datasets::MultiTaskTable& test,
                                                 const std::vector<std::string>& families) {
  const std::size_t nt = test.num_tasks();
  if (predictions.size() != test.size() * nt)
    throw std::invalid_argument("multi-task predictions: " + std::to_string(predictions.size()) + " values for " +
                                std::to_string(test.size()) + " rows x " + std::to_string(nt) + " tasks");
  std::map<std::string, double> out;
  for (const auto& family : families) {
    if (family == "gauc" && test.page_key.empty()) continue;  // no pages in this source
    double sum = 0;
    int counted = 0;
    std::vector<double> group_sum(test.group_names.size(), 0);
    std::vector<int> group_n(test.group_names.size(), 0);
    for (std::size_t t = 0; t < nt; ++t) {
      if (bool(test.task_is_binary[t]) != family_is_binary(family)) continue;
      std::vector<float> y, p;
      std::vector<std::int64_t> pages;
      for (std::size_t r = 0; r < test.size(); ++r) {
        if (!test.applies(r, t)) continue;
        y.push_back(test.label(r, t));
        p.push_back(predictions[r * nt + t]);
        if (!test.page_key.empty()) pages.push_back(std::int64_t(test.page_key[r]));
      }
      if (y.empty()) continue;
      double v = 0;
      if (family == "auc" || family == "gauc") {
        if (!both_classes(y)) continue;
        v = family == "auc" ? metrics::auc(y, p) : metrics::gauc(pages, y, p);
      } else if (family == "log_loss") {
        v = metrics::log_loss(y, p);
      } else if (family == "mse") {
        v = metrics::mse(y, p);
      } else {
        v = metrics::mae(y, p);
      }
      out[family + ":" + test.task_names[t]] = v;
      sum += v;
      ++counted;
      group_sum[test.task_group[t]] += v;
      ++group_n[test.task_group[t]];
    }
    if (counted > 0) out[family + ":mean"] = sum / counted;
    if (test.group_names.size() > 1)
      for (std::size_t g = 0; g < test.group_names.size(); ++g)
        if (group_n[g] > 0) out[family + ":" + test.group_names[g]] = group_sum[g] / group_n[g];
  }
  return out;
}

}  // namespace simrec::scenarios
