#pragma once
// per_scenario (reference, SPEC §6): independent small models, one per scenario key with at least
// min_rows training rows, each a scenario-blind SceneNet (own embeddings, experts, tower) trained
// on that key's rows only (and early-stopped on that key's validation rows). Keys below the
// threshold -- the tail, where an own model would be fitted to a handful of clicks -- fall back to
// one pooled scenario-blind model trained on every training row. So the pooled model also sees the
// head's rows: it is the scenario_blind model, and per_scenario differs from it only on the head.
// Model of key s: seed mix64(view.seed ^ mix64(s + 1)); the pooled model: view.seed.
// The number of own models is reported by own_models() (a memory bound: each holds full
// embedding tables, so min_rows should keep it to the head).

#include <cstdint>
#include <map>
#include <memory>

#include "algorithms/adascene/scene_model.hpp"

namespace simrec::algorithms::adascene {

class PerScenarioModel : public MultiScenarioAlgorithm {
 public:
  PerScenarioModel(SceneNetConfig net, SceneTrainOptions train, std::int64_t min_rows);

  void fit(const MultiScenarioTrainView& view, TrainingLogger& log) override;
  std::vector<float> predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) override;

  std::size_t own_models() const { return own_.size(); }
  bool has_own_model(std::uint32_t key) const { return own_.count(key) > 0; }

 private:
  SceneNetConfig net_;
  SceneTrainOptions train_;
  std::int64_t min_rows_;
  std::unique_ptr<SceneModel> pooled_;
  std::map<std::uint32_t, std::unique_ptr<SceneModel>> own_;
};

}  // namespace simrec::algorithms::adascene
