#include "datasets/adult.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::datasets {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

double number(const std::string& text, const std::string& where, const char* column) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    throw std::runtime_error(where + ": column " + column + " = '" + text + "' is not a number");
  return v;
}

const std::vector<std::string> kCategorical = {"workclass", "education", "occupation", "relationship", "race", "sex", "native_country"};

const std::string& categorical_value(const AdultRecord& r, std::size_t f) {
  switch (f) {
    case 0: return r.workclass;
    case 1: return r.education;
    case 2: return r.occupation;
    case 3: return r.relationship;
    case 4: return r.race;
    case 5: return r.sex;
    default: return r.native_country;
  }
}

std::array<double, 6> dense_raw(const AdultRecord& r) {
  return {r.age, std::log(std::max(r.fnlwgt, 1.0)), r.education_num, std::log1p(std::max(r.capital_gain, 0.0)),
          std::log1p(std::max(r.capital_loss, 0.0)), r.hours_per_week};
}

}  // namespace

std::vector<AdultRecord> read_adult_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the Adult file");
  std::vector<AdultRecord> out;
  std::string line;
  for (std::size_t ln = 1; std::getline(in, line); ++ln) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '|') continue;  // blank lines; the test file's "|1x3 Cross validator"
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      const auto comma = t.find(',', start);
      f.push_back(trim(t.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    const std::string where = path + ":" + std::to_string(ln);
    if (f.size() != 15)
      throw std::runtime_error(where + ": expected 15 comma-separated columns (age, workclass, ..., income), got " + std::to_string(f.size()));
    AdultRecord r;
    r.age = number(f[0], where, "age");
    r.workclass = f[1];
    r.fnlwgt = number(f[2], where, "fnlwgt");
    r.education = f[3];
    r.education_num = number(f[4], where, "education-num");
    r.marital_status = f[5];
    r.occupation = f[6];
    r.relationship = f[7];
    r.race = f[8];
    r.sex = f[9];
    r.capital_gain = number(f[10], where, "capital-gain");
    r.capital_loss = number(f[11], where, "capital-loss");
    r.hours_per_week = number(f[12], where, "hours-per-week");
    r.native_country = f[13];
    std::string income = f[14];
    if (!income.empty() && income.back() == '.') income.pop_back();  // the test file's labels
    if (income == ">50K") r.income_over_50k = true;
    else if (income != "<=50K") throw std::runtime_error(where + ": income = '" + f[14] + "': allowed >50K or <=50K (with an optional trailing dot)");
    out.push_back(std::move(r));
  }
  if (out.empty()) throw std::runtime_error(path + ": no records");
  return out;
}

bool adult_files_present(const std::string& dir, std::string* why) {
  for (const char* name : {"adult.data", "adult.test"}) {
    const std::string p = dir + "/" + name;
    if (!std::ifstream(p)) {
      if (why) *why = p + " not found (the UCI Adult files are not shipped; see ../shared/data/README.md)";
      return false;
    }
  }
  return true;
}

MultiTaskSplits adult_splits(const std::string& dir, std::uint64_t seed, const std::vector<std::string>& tasks,
                             const MultiTaskDataConfig& config) {
  return adult_splits(read_adult_file(dir + "/adult.data"), read_adult_file(dir + "/adult.test"), seed, tasks, config);
}

MultiTaskSplits adult_splits(const std::vector<AdultRecord>& train_file, const std::vector<AdultRecord>& test_file, std::uint64_t seed,
                             const std::vector<std::string>& tasks_in, const MultiTaskDataConfig& config) {
  const auto tasks = resolve_task_list(tasks_in, {"income", "never_married"}, {"income", "never_married"}, "adult");
  std::vector<std::size_t> fields;
  for (std::size_t f = 0; f < kCategorical.size(); ++f)
    if (kCategorical[f] != "relationship" || config.adult_relationship) fields.push_back(f);
  // Vocabularies from the training file, sorted; 0 = missing or unseen.
  std::vector<std::map<std::string, std::uint32_t>> vocab(kCategorical.size());
  for (const auto& r : train_file)
    for (std::size_t f : fields)
      if (categorical_value(r, f) != "?") vocab[f].emplace(categorical_value(r, f), 0);
  MultiTaskTable schema;
  schema.set_flat_tasks(tasks, std::vector<std::uint8_t>(tasks.size(), 1));
  for (std::size_t f : fields) {
    std::uint32_t next = 1;
    for (auto& [key, index] : vocab[f]) index = next++;
    schema.field_names.push_back(kCategorical[f]);
    schema.field_buckets.push_back(next);
  }
  schema.dense_names = {"age", "log_fnlwgt", "education_num", "log1p_capital_gain", "log1p_capital_loss", "hours_per_week"};

  // Validation rows: a seeded validation_fraction of the training file.
  std::vector<std::pair<std::uint64_t, std::size_t>> order;
  const random::Key key = random::stream_key(seed, "datasets/adult_validation");
  for (std::size_t i = 0; i < train_file.size(); ++i) order.emplace_back(random::Rng(key, i).next_u64(), i);
  std::sort(order.begin(), order.end());
  const std::size_t n_val = std::size_t(std::llround(config.validation_fraction * double(train_file.size())));
  std::vector<std::uint8_t> is_val(train_file.size(), 0);
  for (std::size_t i = 0; i < n_val; ++i) is_val[order[i].second] = 1;

  // z-score statistics from the training rows only.
  std::array<double, 6> mean{}, sd{};
  std::size_t n_train = 0;
  for (std::size_t i = 0; i < train_file.size(); ++i) {
    if (is_val[i]) continue;
    const auto x = dense_raw(train_file[i]);
    for (int j = 0; j < 6; ++j) mean[j] += x[j];
    ++n_train;
  }
  for (auto& m : mean) m /= double(n_train);
  for (std::size_t i = 0; i < train_file.size(); ++i) {
    if (is_val[i]) continue;
    const auto x = dense_raw(train_file[i]);
    for (int j = 0; j < 6; ++j) sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
  }
  for (auto& s : sd) s = std::sqrt(s / double(std::max<std::size_t>(n_train - 1, 1))) + 1e-12;

  const auto append = [&](const AdultRecord& r, MultiTaskTable& t) {
    ++t.rows;
    for (std::size_t f : fields) {
      const auto it = vocab[f].find(categorical_value(r, f));
      t.categorical.push_back(it == vocab[f].end() ? 0 : it->second);
    }
    const auto x = dense_raw(r);
    for (int j = 0; j < 6; ++j) t.dense.push_back(float((x[j] - mean[j]) / sd[j]));
    for (const auto& task : tasks) t.labels.push_back(task == "income" ? float(r.income_over_50k) : float(r.marital_status == "Never-married"));
  };
  MultiTaskSplits s;
  s.train = s.validation = s.test = schema;
  for (std::size_t i = 0; i < train_file.size(); ++i) append(train_file[i], is_val[i] ? s.validation : s.train);
  for (const auto& r : test_file) append(r, s.test);
  s.protocol = "UCI Adult: adult.data minus a seeded " + std::to_string(config.validation_fraction) +
               " validation share for training, adult.test for testing" +
               (config.adult_relationship ? "; relationship fed as a feature (it encodes marital status)" : "; relationship dropped");
  for (auto* t : {&s.train, &s.validation, &s.test}) t->validate();
  return s;
}

}  // namespace simrec::datasets
