// UCI Adult loader: the file format (", "-separated, "?" missing, the test file's junk first line
// and trailing-dot labels), the two census tasks, training-only statistics, the relationship knob,
// clear errors; and, where ../shared/data/adult is present, the published record counts.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "datasets/adult.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {
const char* kTrain =
    "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K\n"
    "50, Self-emp-not-inc, 83311, Bachelors, 13, Married-civ-spouse, Exec-managerial, Husband, White, Male, 0, 0, 13, United-States, >50K\n"
    "38, ?, 215646, HS-grad, 9, Divorced, Handlers-cleaners, Not-in-family, White, Female, 0, 0, 40, ?, <=50K\n"
    "53, Private, 234721, 11th, 7, Never-married, Handlers-cleaners, Own-child, Black, Male, 0, 0, 40, United-States, <=50K\n"
    "\n";
const char* kTest =
    "|1x3 Cross validator\n"
    "25, Private, 226802, 11th, 7, Never-married, Machine-op-inspct, Own-child, Black, Male, 0, 0, 40, Peru, <=50K.\n"
    "44, Private, 160323, Some-college, 10, Married-civ-spouse, Machine-op-inspct, Husband, Black, Male, 7688, 0, 40, United-States, >50K.\n";

std::string write_dir(const char* train, const char* test) {
  const std::string dir = testing::make_temp_dir("simrec_adult_");
  std::ofstream(dir + "/adult.data") << train;
  std::ofstream(dir + "/adult.test") << test;
  return dir;
}

// The repository's sibling data folder (../shared/data/adult from the repository root).
std::string shared_adult_dir() { return std::string(SIMREC_SOURCE_DIR) + "/../shared/data/adult"; }
}  // namespace

TEST_CASE("adult: records, tasks and features from files in the UCI format", "[datasets][adult]") {
  const std::string dir = write_dir(kTrain, kTest);
  datasets::MultiTaskDataConfig cfg;
  cfg.validation_fraction = 0;
  const auto s = datasets::adult_splits(dir, 1, {}, cfg);
  REQUIRE(s.train.size() == 4);
  REQUIRE(s.test.size() == 2);
  CHECK(s.validation.size() == 0);
  CHECK(s.train.task_names == std::vector<std::string>{"income", "never_married"});
  CHECK(s.train.task_is_binary == std::vector<std::uint8_t>{1, 1});
  CHECK(s.train.label(1, 0) == 1.0f);  // >50K
  CHECK(s.train.label(0, 1) == 1.0f);  // Never-married
  CHECK(s.train.label(2, 1) == 0.0f);  // Divorced
  CHECK(s.test.label(1, 0) == 1.0f);   // ">50K." with the test file's dot
  CHECK(s.test.label(0, 0) == 0.0f);
  // marital-status is a label, never a feature; relationship is, by default.
  CHECK(s.train.field_names ==
        std::vector<std::string>{"workclass", "education", "occupation", "relationship", "race", "sex", "native_country"});
  // "?" and values unseen in training map to bucket 0; vocabularies are sorted.
  const std::size_t workclass = 0, country = 6;
  CHECK(s.train.cat(2, workclass) == 0);          // "?"
  CHECK(s.train.cat(0, workclass) == 3);          // Private < Self-emp-not-inc < State-gov
  CHECK(s.test.cat(0, country) == 0);             // Peru: unseen in training
  CHECK(s.train.field_buckets[workclass] == 4);   // 3 values + bucket 0
  // z-scores use the training rows: the age column has mean 0 and sample sd 1 there.
  double m = 0, v = 0;
  for (std::size_t r = 0; r < 4; ++r) m += s.train.dense_row(r)[0];
  m /= 4;
  for (std::size_t r = 0; r < 4; ++r) v += std::pow(s.train.dense_row(r)[0] - m, 2);
  CHECK(m == Approx(0).margin(1e-6));
  CHECK(v / 3 == Approx(1).epsilon(1e-5));
  // age 25 in the test file, with the training mean 45 and sd of (39, 50, 38, 53)
  const double mean = 45, sd = std::sqrt(((39 - mean) * (39 - mean) + 25 + 49 + 64) / 3);
  CHECK(s.test.dense_row(0)[0] == Approx((25 - mean) / sd).epsilon(1e-5));

  cfg.adult_relationship = 0;
  const auto dropped = datasets::adult_splits(dir, 1, {"never_married"}, cfg);
  CHECK(dropped.train.num_fields() == 6);
  CHECK(dropped.train.num_tasks() == 1);
  CHECK(dropped.train.label(3, 0) == 1.0f);
  std::filesystem::remove_all(dir);
}

TEST_CASE("adult: the validation share is seeded and drawn from the training file", "[datasets][adult]") {
  std::string many;
  for (int i = 0; i < 50; ++i) many += kTrain;
  const std::string dir = write_dir(many.c_str(), kTest);
  datasets::MultiTaskDataConfig cfg;
  cfg.validation_fraction = 0.2;
  const auto a = datasets::adult_splits(dir, 1, {}, cfg), b = datasets::adult_splits(dir, 1, {}, cfg),
             c = datasets::adult_splits(dir, 2, {}, cfg);
  CHECK(a.validation.size() == 40);
  CHECK(a.train.size() == 160);
  CHECK(a.validation.dense == b.validation.dense);
  CHECK(a.validation.dense != c.validation.dense);
  std::filesystem::remove_all(dir);
}

TEST_CASE("adult: malformed files are rejected naming file and line", "[datasets][adult][errors]") {
  const std::string dir = write_dir("39, State-gov, 77516\n", kTest);
  CHECK_THROWS_WITH(datasets::read_adult_file(dir + "/adult.data"),
                    Catch::Contains("adult.data:1") && Catch::Contains("expected 15 comma-separated columns"));
  std::ofstream(dir + "/adult.data") << "x9, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 0, 0, 40, US, <=50K\n";
  CHECK_THROWS_WITH(datasets::read_adult_file(dir + "/adult.data"), Catch::Contains("column age = 'x9'"));
  std::ofstream(dir + "/adult.data") << "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 0, 0, 40, US, maybe\n";
  CHECK_THROWS_WITH(datasets::read_adult_file(dir + "/adult.data"), Catch::Contains("allowed >50K or <=50K"));
  std::string why;
  CHECK_FALSE(datasets::adult_files_present(dir + "/nowhere", &why));
  CHECK_THAT(why, Catch::Contains("adult.data not found"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("adult: the shared UCI files have the published counts", "[datasets][adult][real]") {
  std::string why;
  if (!datasets::adult_files_present(shared_adult_dir(), &why)) {
    WARN("SKIPPED: " + why);
    return;
  }
  const auto train = datasets::read_adult_file(shared_adult_dir() + "/adult.data");
  const auto test = datasets::read_adult_file(shared_adult_dir() + "/adult.test");
  CHECK(train.size() == 32561);
  CHECK(test.size() == 16281);
  std::size_t rich = 0, rich_test = 0, never = 0;
  for (const auto& r : train) {
    rich += r.income_over_50k;
    never += r.marital_status == "Never-married";
  }
  for (const auto& r : test) rich_test += r.income_over_50k;
  CHECK(rich == 7841);
  CHECK(rich_test == 3846);
  CHECK(never == 10683);
}
