#pragma once
// UCI Adult (Census Income) as a two-task table (the MMoE paper's census tasks; SPEC §6, the
// project's ../shared/data/adult/README). Files: DIR/adult.data (32,561 training records) and
// DIR/adult.test (16,281 test records; first line "|1x3 Cross validator", labels with a trailing
// dot). Records are ", "-separated with 15 columns; missing values are "?".
//
// Tasks: income (income > 50K) and never_married (marital-status == Never-married), both binary.
// marital-status is the second label, so it is never a feature. Features:
//   categorical  workclass, education, occupation, relationship (optional: it encodes marital status
//                — Husband / Wife imply married — so it leaks the second task; adult_relationship = 0
//                drops it), race, sex, native_country; vocabularies from the training file, sorted,
//                bucket 0 = missing ("?") or unseen
//   dense        age, ln(fnlwgt), education_num, ln(1 + capital_gain), ln(1 + capital_loss),
//                hours_per_week, z-scored with the training rows' mean and standard deviation
// Split: adult.test is the test set (the official split); validation = a seeded
// validation_fraction of adult.data (Philox stream datasets/adult_validation), the rest training.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/multitask_builders.hpp"

namespace simrec::datasets {

struct AdultRecord {
  double age = 0, fnlwgt = 0, education_num = 0, capital_gain = 0, capital_loss = 0, hours_per_week = 0;
  std::string workclass, education, marital_status, occupation, relationship, race, sex, native_country;
  bool income_over_50k = false;
};

// Throws std::runtime_error naming file:line for an unreadable file or a malformed record.
std::vector<AdultRecord> read_adult_file(const std::string& path);

// True when DIR/adult.data and DIR/adult.test can be opened; otherwise false with `why` set.
bool adult_files_present(const std::string& dir, std::string* why = nullptr);

MultiTaskSplits adult_splits(const std::string& dir, std::uint64_t seed, const std::vector<std::string>& tasks,
                             const MultiTaskDataConfig& config);
// The same from records already read (tests, and one read per run).
MultiTaskSplits adult_splits(const std::vector<AdultRecord>& train_file, const std::vector<AdultRecord>& test_file,
                             std::uint64_t seed, const std::vector<std::string>& tasks, const MultiTaskDataConfig& config);

}  // namespace simrec::datasets
