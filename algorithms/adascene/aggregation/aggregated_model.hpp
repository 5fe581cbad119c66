#pragma once
// ada_aggregated (SPEC §6 scene aggregation, article 004 tables 4-5): a MultiScenarioAlgorithm
// that groups the raw scenarios, then trains a multi-scenario model with the group as the key.
//
// fit(view) -- view.train_key / validation_key must be the raw scenario ids (num_scenarios = S):
//   stage 1  none (every raw scenario its own group: the raw keys through the same stage 2, e.g.
//            as the reference with stage1_fraction < 1), rule groupings (rule_grouping.hpp:
//            channel | format | channel_format; the rule fixes
//            the number of groups, `groups` is ignored), or an affinity method (stage_one.hpp:
//            gradient_regulation | lookahead | meta_weights) on the raw keys followed by the
//            partition (partition.hpp; objective sum or ratio) of the n scenarios with training rows
//            into G = `groups` groups (1 <= G <= n, else OptionError naming ada_aggregated.groups and the range).
//            With n > merge_limit, the merge_limit scenarios with the most training rows (ties: lower
//            id) are the head: stage 1 keeps every pair among them and each other scenario's
//            `neighbours` strongest pairs with them (sparse_affinity.hpp), the partition merges the
//            head and attaches the rest (partition.hpp; G <= merge_limit, else OptionError).
//            With aggregation_unit = channel | format | channel_format, the nodes of stage 1 and
//            of the partition are that rule's cells instead of the raw scenarios (stage 1 keyed by
//            the cell; the article's figure 9 shows affinities between channel x format cells), each
//            raw scenario takes its cell's group, and `groups` counts cells with training rows.
//            Scenarios outside the partition (no training row; for rules: no row in train or
//            validation) join the group with the most training rows (ties: lowest group id).
//            stage1_fraction = f < 1: each training row goes to stage 1 with probability f (a
//            counter-based draw keyed by the seed and the row), stage 2 trains on the other rows
//            only -- for the rules too, so that a rule with the same f is the fair reference --
//            so the grouping is not fitted on the labels stage 2 trains on.
//   stage 2  the stage-2 SceneModel (ada_base or aktn options) fitted on key = group(raw id),
//            num_scenarios = number of groups, the same seed.
// Logged curves: "stage1_train_loss", "stage1_pairs" (stage 1) and every stage-2 metric with the
// prefix "stage2_" ("stage2_train_loss", "stage2_validation_loss", "stage2_best_epoch"); progress
// runs 0 -> 0.5 over stage 1 and 0.5 -> 1 over stage 2.
// predict(rows, key): key = raw scenario ids, mapped to groups. grouping(): method, G, the group of
// every raw scenario, the S x S stage-1 affinity (empty for the rules and above kMaxDenseAffinity
// scenarios) and the pairs measured / edges partitioned.

#include <memory>
#include <string>
#include <vector>

#include "algorithms/adascene/aggregation/partition.hpp"
#include "algorithms/adascene/aggregation/rule_grouping.hpp"
#include "algorithms/adascene/aggregation/stage_one.hpp"
#include "algorithms/adascene/scene_model.hpp"

namespace simrec::algorithms::adascene::aggregation {

inline const std::vector<std::string> kGroupingNames{"none", "channel", "format", "channel_format", "gradient_regulation", "lookahead",
                                                     "meta_weights"};

struct AggregationOptions {
  std::string grouping = "lookahead";  // one of kGroupingNames
  std::int64_t groups = 4;             // G for the affinity methods
  std::int64_t merge_limit = 2000;     // more scenarios with rows than this: head-first partition (partition.hpp)
  std::int64_t neighbours = 64;        // then: pairs with the head kept per other scenario (sparse_affinity.hpp)
  PartitionObjective objective = PartitionObjective::Sum;  // the partition's Q (partition.hpp)
  std::string unit = "scenario";       // the nodes of stage 1 and the partition: scenario | channel | format | channel_format
  double stage1_fraction = 1.0;        // < 1: that share of the training rows (random per row) fits stage 1, the rest stage 2
  StageOneOptions stage_one;
};

class AggregatedModel : public MultiScenarioAlgorithm {
 public:
  // Throws OptionError for an unknown grouping name.
  AggregatedModel(AggregationOptions options, std::unique_ptr<SceneModel> stage_two);

  void fit(const MultiScenarioTrainView& view, TrainingLogger& log) override;
  std::vector<float> predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) override;
  // Per raw scenario key: stage 2's gates (fed the group keys) averaged over each scenario's rows.
  ExpertUtilisation expert_utilisation(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) override;
  const SceneGrouping* grouping() const override { return fitted_ ? &grouping_ : nullptr; }

 private:
  std::vector<std::uint32_t> map_keys(std::span<const std::uint32_t> key, const char* what) const;
  AggregationOptions o_;
  std::unique_ptr<SceneModel> stage_two_;
  SceneGrouping grouping_;
  bool fitted_ = false;
};

}  // namespace simrec::algorithms::adascene::aggregation
