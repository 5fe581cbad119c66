// MovieLens rating files (datasets/movielens.hpp) through the harness: both file formats, a
// malformed line named by file and line, the two split protocols, and a scenario running MostPop,
// item-kNN, BPR and WALS on a small file written here (the real files are not shipped), with the
// source and protocol recorded in the run store.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "datasets/movielens.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/runner.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {
// 120 users in two taste clusters over 60 movies (cluster c likes movies c, c + 2, ...); each user
// rates 16 movies of their cluster, one per day, in a user-specific order.
std::string write_ratings(const std::string& dir, bool colons) {
  const std::string path = dir + (colons ? "/ratings.dat" : "/u.data");
  std::ofstream out(path);
  const char* sep = colons ? "::" : "\t";
  for (int u = 1; u <= 120; ++u)
    for (int k = 0; k < 16; ++k) {
      const int movie = 1 + (u % 2) + 2 * ((u * 7 + k * 11) % 30);  // 11 is coprime with 30: distinct
      out << u << sep << movie << sep << (1 + (u + k) % 5) << sep << 880000000 + k * 86400 + u << "\n";
    }
  return path;
}
}  // namespace

TEST_CASE("movielens: both formats, errors named by line, the two protocols", "[datasets][movielens]") {
  const std::string dir = testing::make_temp_dir("simrec_movielens_");
  const auto a = datasets::read_movielens(write_ratings(dir, false));
  const auto b = datasets::read_movielens(write_ratings(dir, true));
  REQUIRE(a.size() == 120 * 16);
  CHECK(a[0].user == b[0].user);
  CHECK(a[0].item == b[0].item);
  CHECK(a[0].timestamp == b[0].timestamp);
  {
    std::ofstream bad(dir + "/bad.data");
    bad << "1\t2\t3\t4\n\n1\t2\tx\t4\n";
  }
  CHECK_THROWS_WITH(datasets::read_movielens(dir + "/bad.data"), Catch::Contains("bad.data:3") && Catch::Contains("user::item::rating::timestamp"));
  CHECK_THROWS_WITH(datasets::read_movielens(dir + "/missing.data"), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(datasets::parse_movielens_protocol("loo"), Catch::Contains("leave_last_out, random_80_10_10"));

  datasets::DatasetConfig config;
  config.retrieval_samples_per_user = 5;
  const auto loo = datasets::build_movielens_datasets(a, config, datasets::MovieLensProtocol::LeaveLastOut, 1);
  REQUIRE(loo.retrieval_test.size() == 120);  // one query per user: the last rating
  CHECK(loo.retrieval_train.size() == 120 * 5);
  CHECK(loo.retrieval_test.history_of(0).size() == 15);  // every earlier rating
  CHECK(loo.retrieval_validation.size() == 0);           // validation_days = 0: no validation item
  const auto rnd = datasets::build_movielens_datasets(a, config, datasets::MovieLensProtocol::Random80_10_10, 1);
  CHECK(rnd.retrieval_test.size() > 60);
  CHECK(rnd.retrieval_test.size() < 120);
  std::filesystem::remove_all(dir);
}

TEST_CASE("movielens: a scenario runs the retrieval baselines on a rating file", "[scenarios][movielens][runner]") {
  const std::string dir = testing::make_temp_dir("simrec_movielens_run_");
  const std::string file = write_ratings(dir, false);
  const std::string text = "name = ml\ntask = retrieval\nseeds = 1, 2\nmetrics = recall@10, ndcg@10\n[data]\nsource = movielens:" + file +
                           "\nprotocol = leave_last_out\n[variant.mostpop]\nalgorithm = mostpop\n[variant.itemknn]\nalgorithm = itemknn\n"
                           "[variant.bpr]\nalgorithm = bpr\nepochs = 30\n[variant.wals]\nalgorithm = wals\n";
  const auto sc = scenarios::load_scenario_text(text, "ml.ini", {});
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "ml.ini", {"data.source=movielens:/nonexistent/u.data"}), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "ml.ini", {"data.protocol=last"}), Catch::Contains("leave_last_out"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "ml.ini", {"eval.online_days=1"}), Catch::Contains("simulated world"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(text, "ml.ini", {"metrics=map@10:new"}), Catch::Contains("MovieLens users have none"));
  scenarios::RunOptions ro;
  ro.out_path = dir + "/ml.h5";
  ro.progress_out = stdout;
  REQUIRE(scenarios::run_scenario(sc, ro).failed_units == 0);
  const auto run = results::read_run(ro.out_path);
  CHECK(run.config.find("source = movielens:" + file) != std::string::npos);
  CHECK(run.config.find("protocol = leave_last_out") != std::string::npos);
  // Two clusters of 30 movies: a model that learns the clusters beats global popularity.
  for (const char* v : {"itemknn", "bpr", "wals"}) {
    INFO(v);
    CHECK(run.find(v, 1)->metrics.at("recall@10") > run.find("mostpop", 1)->metrics.at("recall@10"));
  }
  std::filesystem::remove_all(dir);
}
