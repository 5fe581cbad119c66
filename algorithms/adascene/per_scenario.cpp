#include "algorithms/adascene/per_scenario.hpp"

#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::algorithms::adascene {

namespace {

// Forwards a sub-model's reports under "<prefix>/<metric>" (the pooled model's as they are).
class PrefixedLogger : public TrainingLogger {
 public:
  PrefixedLogger(TrainingLogger& inner, std::string prefix) : inner_(inner), prefix_(std::move(prefix)) {}
  void log(std::int64_t epoch, const std::string& metric, double value) override {
    inner_.log(epoch, prefix_.empty() ? metric : prefix_ + "/" + metric, value);
  }

 private:
  TrainingLogger& inner_;
  std::string prefix_;
};

std::vector<std::vector<std::size_t>> rows_by_key(std::span<const std::uint32_t> key, std::uint32_t num_keys) {
  std::vector<std::vector<std::size_t>> rows(num_keys);
  for (std::size_t r = 0; r < key.size(); ++r) {
    if (key[r] >= num_keys)
      throw std::invalid_argument("per_scenario: row " + std::to_string(r) + " has scenario key " + std::to_string(key[r]) + ", outside [0, " +
                                  std::to_string(num_keys) + ")");
    rows[key[r]].push_back(r);
  }
  return rows;
}

}  // namespace

PerScenarioModel::PerScenarioModel(SceneNetConfig net, SceneTrainOptions train, std::int64_t min_rows)
    : net_(std::move(net)), train_(std::move(train)), min_rows_(min_rows) {}

void PerScenarioModel::fit(const MultiScenarioTrainView& view, TrainingLogger& log) {
  if (view.train_key.size() != view.train.size() || view.validation_key.size() != view.validation.size())
    throw std::invalid_argument("per_scenario: a key column's length differs from its table's rows");
  own_.clear();
  pooled_ = std::make_unique<SceneModel>("per_scenario", net_, train_, true);
  pooled_->fit(view, log);
  const auto train_rows = rows_by_key(view.train_key, view.num_scenarios);
  const auto validation_rows = rows_by_key(view.validation_key, view.num_scenarios);
  for (std::uint32_t s = 0; s < view.num_scenarios; ++s) {
    if (std::int64_t(train_rows[s].size()) < min_rows_) continue;
    const datasets::AdSampleTable train = view.train.select(train_rows[s]);
    const datasets::AdSampleTable validation = view.validation.select(validation_rows[s]);
    const std::vector<std::uint32_t> train_key(train.size(), 0u), validation_key(validation.size(), 0u);
    const MultiScenarioTrainView own_view{train, validation, train_key, validation_key, 1,
                                          random::mix64(view.seed ^ random::mix64(std::uint64_t(s) + 1))};
    auto model = std::make_unique<SceneModel>("per_scenario", net_, train_, true);
    PrefixedLogger own_log(log, "scenario_" + std::to_string(s));
    model->fit(own_view, own_log);
    own_.emplace(s, std::move(model));
  }
  log.progress(1.0);
}

std::vector<float> PerScenarioModel::predict(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key) {
  if (!pooled_) throw std::logic_error("per_scenario: predict before fit");
  if (key.size() != table.size()) throw std::invalid_argument("per_scenario: the key column's length differs from the table's rows");
  std::vector<float> out = pooled_->predict(table, key);
  std::map<std::uint32_t, std::vector<std::size_t>> rows;
  for (std::size_t r = 0; r < key.size(); ++r)
    if (own_.count(key[r])) rows[key[r]].push_back(r);
  for (const auto& [s, list] : rows) {
    const datasets::AdSampleTable sub = table.select(list);
    const std::vector<std::uint32_t> zero(sub.size(), 0u);
    const std::vector<float> p = own_.at(s)->predict(sub, zero);
    for (std::size_t i = 0; i < list.size(); ++i) out[list[i]] = p[i];
  }
  return out;
}

}  // namespace simrec::algorithms::adascene
