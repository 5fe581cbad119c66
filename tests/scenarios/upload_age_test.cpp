// Upload-age diagnostics (scenarios/upload_age.hpp): bucketing, shares of recommendations and
// labels, the eval.upload_age_buckets knob and its errors, and the curves / fresh_share@K the
// runner records.
#include <catch2/catch.hpp>

#include "results/store/run_file.hpp"
#include "scenarios/upload_age.hpp"
#include "support/scenario_run.hpp"

using namespace simrec;

TEST_CASE("upload-age buckets and shares", "[scenarios][upload_age]") {
  const std::vector<double> edges{0.5, 2};
  CHECK(scenarios::upload_age_bucket(0.1, edges) == 0);
  CHECK(scenarios::upload_age_bucket(0.5, edges) == 0);  // (e_{b-1}, e_b]
  CHECK(scenarios::upload_age_bucket(1.0, edges) == 1);
  CHECK(scenarios::upload_age_bucket(30, edges) == 2);
  const std::vector<double> ages{0.2, 1.0, 5.0, 7.0};  // per vocabulary index
  algorithms::RankedLists lists;
  lists.items = {0, 2, 3, 1, 9};  // list 0: 0, 2, 3; list 1: 1, 9 (9 is out of vocabulary)
  lists.offsets = {0, 3, 5};
  CHECK(scenarios::upload_age_shares(lists, 2, ages, edges) == std::vector<double>{1.0 / 3, 1.0 / 3, 1.0 / 3});
  CHECK(scenarios::upload_age_shares(lists, 0, ages, edges) == std::vector<double>{0.25, 0.25, 0.5});
  datasets::RetrievalSamples q;
  q.label = {2, 2, 0, 4};
  CHECK(scenarios::label_upload_age_shares(q, ages, edges) == std::vector<double>{1.0 / 3, 0, 2.0 / 3});
}

TEST_CASE("runner records upload-age curves and fresh_share@K", "[scenarios][upload_age][runner]") {
  const std::string text =
      "name = u\ntask = retrieval\nseeds = 1\nmetrics = recall@10, fresh_share@10\n[sim]\nnum_users = 200\nnum_videos = 300\n"
      "num_channels = 30\n[eval]\nupload_age_buckets = 1, 3\n[variant.pop]\nalgorithm = mostpop\nwindow_days = 1\n";
  const auto sc = scenarios::load_scenario_text(text, "u.ini", {});
  CHECK(sc.resolved_text().find("upload_age_buckets = 1, 3\n") != std::string::npos);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "u.ini", {"eval.upload_age_buckets=3, 1"}),
                    Catch::Contains("strictly ascending"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "u.ini", {"eval.upload_age_buckets="}), Catch::Contains("upload_age_buckets"));
  const std::string no_buckets = "name = u\ntask = retrieval\nseeds = 1\nmetrics = fresh_share@10\n[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THROWS_WITH(scenarios::load_scenario_text(no_buckets, "u.ini", {}), Catch::Contains("needs [eval] upload_age_buckets"));

  const auto [run, failed_units] = testing::run_scenario_in_temp_dir(sc, "simrec_upload_age_");
  REQUIRE(failed_units == 0);
  const auto* unit = run.find("pop", 1);
  REQUIRE(unit);
  const auto& rec = unit->curves.at("recommended_share_by_upload_age");
  const auto& lab = unit->curves.at("test_label_share_by_upload_age");
  CHECK(rec.x == std::vector<double>{1, 2, 3});
  CHECK(lab.y.size() == 3);
  CHECK(rec.y[0] + rec.y[1] + rec.y[2] == Approx(1));
  CHECK(unit->metrics.at("fresh_share@10") == Approx(rec.y[0]));  // K = the list length here
}
