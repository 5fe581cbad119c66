// Metrics against scikit-learn on random inputs with ties (scores quantised to 0.05 so many
// tie). Runs Debian's /usr/bin/python3 with python3-sklearn; SKIPPED (with a message) without it.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "results/metrics/classification.hpp"
#include "results/metrics/clustering.hpp"
#include "results/metrics/ranking.hpp"
#include "results/metrics/regression.hpp"
#include "sim/random/philox.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {
template <class T>
std::string json_list(const std::vector<T>& v) {
  std::ostringstream os;
  os.precision(9);
  os << '[';
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os.str() + ']';
}
double json_number(const std::string& json, const std::string& key) {
  const auto pos = json.find("\"" + key + "\":");
  REQUIRE(pos != std::string::npos);
  return std::stod(json.substr(pos + key.size() + 3));
}
}  // namespace

TEST_CASE("metrics agree with scikit-learn on random inputs with ties", "[metrics][sklearn]") {
  if (!testing::python_module_available("sklearn")) {
    WARN("SKIPPED: scikit-learn is not available under /usr/bin/python3 (python3-sklearn)");
    return;
  }
  random::Rng rng(7, "tests/metrics", 0);
  const int n = 400;
  std::vector<float> labels, scores, probs, reg_y, reg_pred;
  std::vector<std::int64_t> groups, part_a, part_b;
  for (int i = 0; i < n; ++i) {
    const float s = float(int(rng.uniform() * 20)) / 20.f;  // 20 levels: many ties
    labels.push_back(rng.uniform() < 0.3 + 0.4 * s ? 1.f : 0.f);
    scores.push_back(s);
    probs.push_back(float(0.02 + 0.96 * rng.uniform()));
    groups.push_back(std::int64_t(rng.below(25)));
    reg_y.push_back(float(rng.uniform() * 10));
    reg_pred.push_back(float(int(rng.uniform() * 10)));
    part_a.push_back(std::int64_t(rng.below(4)));
    part_b.push_back(rng.uniform() < 0.7 ? part_a.back() : std::int64_t(rng.below(5)));
  }
  // NDCG@5: 30 users x 12 items, binary relevance, distinct scores (a strict ranking).
  const int users = 30, items = 12, k = 5;
  std::vector<std::int64_t> ranked, ranked_off{0}, relevant, relevant_off{0};
  std::string rel_json = "[", score_json = "[";
  for (int u = 0; u < users; ++u) {
    std::vector<int> rel(items);
    std::vector<double> sc(items);
    for (int j = 0; j < items; ++j) {
      rel[j] = rng.uniform() < 0.25 ? 1 : 0;
      sc[j] = double(items - j) + 0.001 * u;  // items ranked in index order
      ranked.push_back(j);
      if (rel[j]) relevant.push_back(j);
    }
    if (std::count(rel.begin(), rel.end(), 1) == 0) { rel[items - 1] = 1; relevant.push_back(items - 1); }
    ranked_off.push_back(std::int64_t(ranked.size()));
    relevant_off.push_back(std::int64_t(relevant.size()));
    rel_json += (u ? "," : "") + json_list(rel);
    score_json += (u ? "," : "") + json_list(sc);
  }
  rel_json += "]";
  score_json += "]";

  const std::string dir = testing::make_temp_dir("simrec_sklearn_");
  {
    std::ofstream f(dir + "/in.json");
    f << "{\"labels\":" << json_list(labels) << ",\"scores\":" << json_list(scores)
      << ",\"probs\":" << json_list(probs) << ",\"groups\":" << json_list(groups)
      << ",\"reg_y\":" << json_list(reg_y) << ",\"reg_pred\":" << json_list(reg_pred)
      << ",\"part_a\":" << json_list(part_a) << ",\"part_b\":" << json_list(part_b)
      << ",\"rel\":" << rel_json << ",\"rel_scores\":" << score_json << ",\"k\":" << k << "}";
  }
  std::string out;
  const int rc = testing::run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/sklearn_metrics.py", dir + "/in.json", out);
  INFO(out);
  REQUIRE(rc == 0);
  CHECK(metrics::auc(labels, scores) == Approx(json_number(out, "auc")).epsilon(1e-9));
  CHECK(metrics::gauc(groups, labels, scores) == Approx(json_number(out, "gauc")).epsilon(1e-9));
  CHECK(metrics::log_loss(labels, probs) == Approx(json_number(out, "log_loss")).epsilon(1e-6));
  CHECK(metrics::mse(reg_y, reg_pred) == Approx(json_number(out, "mse")).epsilon(1e-6));
  CHECK(metrics::mae(reg_y, reg_pred) == Approx(json_number(out, "mae")).epsilon(1e-6));
  CHECK(metrics::adjusted_rand_index(part_a, part_b) == Approx(json_number(out, "ari")).epsilon(1e-9));
  const auto topk = metrics::topk_mean(ranked, ranked_off, relevant, relevant_off, k);
  CHECK(topk.ndcg == Approx(json_number(out, "ndcg")).epsilon(1e-9));
}
