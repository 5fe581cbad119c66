#include "algorithms/adascene/aggregation/aggregated_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "algorithms/adascene/aggregation/partition.hpp"
#include "algorithms/options.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::adascene::aggregation {

namespace {

// Forwards a stage's log under a prefix, its progress mapped into [offset, offset + scale].
class StageLogger : public TrainingLogger {
 public:
  StageLogger(TrainingLogger& inner, std::string prefix, double offset, double scale)
      : inner_(inner), prefix_(std::move(prefix)), offset_(offset), scale_(scale) {}
  void log(std::int64_t epoch, const std::string& metric, double value) override {
    inner_.log(epoch, metric.rfind(prefix_, 0) == 0 ? metric : prefix_ + metric, value);
  }
  void progress(double f) override { inner_.progress(offset_ + scale_ * f); }

 private:
  TrainingLogger& inner_;
  std::string prefix_;
  double offset_, scale_;
};

bool is_rule(const std::string& g) { return g == "channel" || g == "format" || g == "channel_format"; }

RuleKind rule_kind(const std::string& g) {
  return g == "channel" ? RuleKind::Channel : g == "format" ? RuleKind::Format : RuleKind::ChannelFormat;
}

}  // namespace

AggregatedModel::AggregatedModel(AggregationOptions options, std::unique_ptr<SceneModel> stage_two)
    : o_(std::move(options)), stage_two_(std::move(stage_two)) {
  if (std::find(kGroupingNames.begin(), kGroupingNames.end(), o_.grouping) == kGroupingNames.end())
    throw OptionError("ada_aggregated.grouping = " + o_.grouping +
                      ": allowed none, channel, format, channel_format, gradient_regulation, lookahead, meta_weights");
  if (o_.grouping == "gradient_regulation") o_.stage_one.kind = AffinityKind::GradientRegulation;
  if (o_.grouping == "lookahead") o_.stage_one.kind = AffinityKind::Lookahead;
  if (o_.grouping == "meta_weights") o_.stage_one.kind = AffinityKind::MetaWeights;
  if (o_.unit != "scenario" && !is_rule(o_.unit))
    throw OptionError("ada_aggregated.aggregation_unit = " + o_.unit + ": allowed scenario, channel, format, channel_format");
}

void AggregatedModel::fit(const MultiScenarioTrainView& view, TrainingLogger& log) {
  const std::uint32_t S = view.num_scenarios;
  if (S == 0) throw std::invalid_argument("ada_aggregated: num_scenarios must be at least 1");
  if (view.train_key.size() != view.train.size() || view.validation_key.size() != view.validation.size())
    throw std::invalid_argument("ada_aggregated: the keys must have one entry per row");
  for (std::uint32_t k : view.train_key)
    if (k >= S) throw std::invalid_argument("ada_aggregated: training key " + std::to_string(k) + " outside [0, " + std::to_string(S) + ")");
  // stage1_fraction < 1: each training row goes to stage 1 with that probability (a counter-based
  // draw per row), stage 2 trains on the others, so the grouping is not fitted on stage 2's labels.
  const bool split = o_.stage1_fraction < 1.0;
  std::vector<std::size_t> stage1_rows, stage2_rows;
  if (split) {
    const random::Key key = random::stream_key(view.seed, "ada_aggregated/stage1_rows");
    for (std::size_t r = 0; r < view.train.size(); ++r)
      (random::Rng(key, r).uniform() < o_.stage1_fraction ? stage1_rows : stage2_rows).push_back(r);
  }
  const datasets::AdSampleTable stage1_table = split ? view.train.select(stage1_rows) : datasets::AdSampleTable{};
  std::vector<std::uint32_t> stage1_key_rows;
  for (std::size_t r : stage1_rows) stage1_key_rows.push_back(view.train_key[r]);
  const datasets::AdSampleTable& train1 = split ? stage1_table : view.train;
  const std::span<const std::uint32_t> key1 = split ? std::span<const std::uint32_t>(stage1_key_rows) : view.train_key;
  std::vector<std::uint64_t> rows(S, 0);
  for (std::uint32_t k : key1) ++rows[k];

  grouping_ = SceneGrouping{};
  grouping_.method = o_.grouping;
  grouping_.num_scenarios = S;
  std::vector<std::uint32_t> group(S, RuleGrouping::kUnseenScenario);
  std::uint32_t G = 0;
  if (o_.grouping == "none") {  // every raw scenario its own group: the raw keys, as a reference
    for (std::uint32_t s = 0; s < S; ++s) group[s] = s;
    G = S;
  } else if (is_rule(o_.grouping)) {
    RuleGrouping r = rule_grouping(rule_kind(o_.grouping), {&view.train, &view.validation}, S);
    group = std::move(r.group);
    G = r.num_groups;
  } else {
    // The nodes of stage 1 and the partition: the raw scenarios, or the cells of a rule
    // (aggregation_unit), each raw scenario then taking its cell's group.
    std::uint32_t U = S;
    std::vector<std::uint32_t> unit_key;
    std::span<const std::uint32_t> stage_key = key1;
    std::vector<std::uint64_t> unit_rows = rows;
    if (o_.unit != "scenario") {
      RuleGrouping cells = rule_grouping(rule_kind(o_.unit), {&view.train, &view.validation}, S);
      U = cells.num_groups;
      grouping_.unit_of = std::move(cells.group);
      unit_key.resize(key1.size());
      for (std::size_t r = 0; r < unit_key.size(); ++r) unit_key[r] = grouping_.unit_of[key1[r]];
      stage_key = unit_key;
      unit_rows.assign(U, 0);
      for (std::uint32_t k : unit_key) ++unit_rows[k];
    }
    grouping_.unit = o_.unit;
    grouping_.num_units = U;
    const std::string nodes = o_.unit == "scenario" ? "scenarios" : o_.unit + " cells (aggregation_unit = " + o_.unit + ")";
    std::vector<std::uint32_t> active;
    for (std::uint32_t s = 0; s < U; ++s)
      if (unit_rows[s] > 0) active.push_back(s);
    const std::uint32_t n = std::uint32_t(active.size());
    if (o_.groups < 1 || std::uint64_t(o_.groups) > n)
      throw OptionError("ada_aggregated.groups = " + std::to_string(o_.groups) + " with " + std::to_string(n) + " " + nodes +
                        " having training rows (grouping = " + o_.grouping + "): allowed 1 <= groups <= " + std::to_string(n));
    G = std::uint32_t(o_.groups);
    // Large S: the most trafficked scenarios first, the first merge_limit of them the head.
    StageOneOptions stage_one = o_.stage_one;
    std::uint32_t merge_nodes = 0;
    if (std::uint64_t(n) > std::uint64_t(o_.merge_limit)) {
      if (o_.groups > o_.merge_limit)
        throw OptionError("ada_aggregated.groups = " + std::to_string(o_.groups) + " with partition_merge_limit = " + std::to_string(o_.merge_limit) +
                          " (" + std::to_string(n) + " " + nodes + " with training rows, so the partition merges the head first): allowed groups <= " +
                          "partition_merge_limit");
      std::stable_sort(active.begin(), active.end(), [&](std::uint32_t a, std::uint32_t b) { return unit_rows[a] > unit_rows[b]; });
      merge_nodes = std::uint32_t(o_.merge_limit);
      stage_one.limit.head.assign(U, false);
      for (std::uint32_t k = 0; k < merge_nodes; ++k) stage_one.limit.head[active[k]] = true;
      stage_one.limit.neighbours = std::uint32_t(o_.neighbours);
    }
    StageLogger stage_log(log, "stage1_", 0.0, 0.5);
    const StageOneResult one = run_stage_one(train1, stage_key, U, stage_one, view.seed, stage_log);
    const SparseAffinity affinity = one.method->affinity();
    if (U <= kMaxDenseAffinity) (o_.unit == "scenario" ? grouping_.affinity : grouping_.unit_affinity) = affinity.dense();
    const AffinityGraph graph = affinity_graph(affinity, active);
    grouping_.affinity_pairs = affinity.measured_ordered;
    grouping_.affinity_edges = boost::num_edges(graph);
    const Partition p = partition_graph(graph, G, merge_nodes, o_.objective);
    if (o_.unit == "scenario") {
      for (std::uint32_t i = 0; i < n; ++i) group[active[i]] = p.group[i];
    } else {
      std::vector<std::uint32_t> cell_group(U, RuleGrouping::kUnseenScenario);
      for (std::uint32_t i = 0; i < n; ++i) cell_group[active[i]] = p.group[i];
      for (std::uint32_t s = 0; s < S; ++s)
        if (const std::uint32_t c = grouping_.unit_of[s]; c != RuleGrouping::kUnseenScenario) group[s] = cell_group[c];
    }
  }
  // Scenarios outside the grouping join the group with the most training rows.
  std::vector<std::uint64_t> group_rows(G, 0);
  for (std::uint32_t s = 0; s < S; ++s)
    if (group[s] != RuleGrouping::kUnseenScenario) group_rows[group[s]] += rows[s];
  const std::uint32_t biggest = std::uint32_t(std::max_element(group_rows.begin(), group_rows.end()) - group_rows.begin());
  for (std::uint32_t& g : group)
    if (g == RuleGrouping::kUnseenScenario) g = biggest;
  grouping_.group = std::move(group);
  grouping_.num_groups = G;
  fitted_ = true;

  const std::vector<std::uint32_t> validation_key = map_keys(view.validation_key, "validation");
  StageLogger stage_log(log, "stage2_", 0.5, 0.5);
  if (split) {
    std::vector<std::uint32_t> raw_key;
    for (std::size_t r : stage2_rows) raw_key.push_back(view.train_key[r]);
    const datasets::AdSampleTable train2 = view.train.select(stage2_rows);
    stage_two_->fit({train2, view.validation, map_keys(raw_key, "training"), validation_key, G, view.seed}, stage_log);
  } else {
    stage_two_->fit({view.train, view.validation, map_keys(view.train_key, "training"), validation_key, G, view.seed}, stage_log);
  }
  log.progress(1.0);
}

std::vector<std::uint32_t> AggregatedModel::map_keys(std::span<const std::uint32_t> key, const char* what) const {
  if (!fitted_) throw std::logic_error("ada_aggregated: the grouping exists only after fit");
  std::vector<std::uint32_t> out(key.size());
  for (std::size_t r = 0; r < key.size(); ++r) {
    if (key[r] >= grouping_.num_scenarios)
      throw std::invalid_argument("ada_aggregated: " + std::string(what) + " row " + std::to_string(r) + " has scenario " +
                                  std::to_string(key[r]) + ", outside [0, " + std::to_string(grouping_.num_scenarios) + ")");
    out[r] = grouping_.group[key[r]];
  }
  return out;
}

std::vector<float> AggregatedModel::predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) {
  return stage_two_->predict(rows, map_keys(key, "prediction"));
}

ExpertUtilisation AggregatedModel::expert_utilisation(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) {
  return stage_two_->expert_utilisation_by(rows, map_keys(key, "utilisation"), key, grouping_.num_scenarios);
}

}  // namespace simrec::algorithms::adascene::aggregation
