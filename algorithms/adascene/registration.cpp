// Options and factories of the AdaScene family (adascene.hpp). Width lists are IntList options
// written with '-' ("64-32"), as in the multi-task family.
#include <memory>

#include "algorithms/adascene/adascene.hpp"
#include "algorithms/adascene/aggregation/aggregated_model.hpp"
#include "algorithms/adascene/per_scenario.hpp"
#include "algorithms/adascene/scene_model.hpp"

namespace simrec::algorithms::adascene {

namespace {

std::vector<OptionSpec> common_options() {
  std::vector<OptionSpec> common{
      int_option("embedding_dim", 8, 0, 1024, "width of each categorical field's embedding; 0: auto, clamp(ceil(log2(buckets)), 2, 64) per field"),
      int_option("scenario_dim", 8, 1, 1024, "width of the scenario-key embedding (tower input, AKTN's adaptation input)"),
      int_option("experts", 8, 1, 1024, "number of gated experts n"),
      int_list_option("expert_hidden", "64-32", 1, 65536, "widths of each expert's ReLU layers, '-'-joined; the last is the expert output d"),
      int_list_option("tower_hidden", "32", 1, 65536, "hidden ReLU widths of the tower before its output unit, '-'-joined ('none': linear)"),
      int_option("cross_layers", 0, 0, kMaxCrossLayers,
                 "DCN-v2 cross layers x_{l+1} = x0 * (W_l x_l + b_l) + x_l on the (adapted) field embeddings x0 before experts and "
                 "gates (0: none, the plain concatenation)"),
      real_option("dropout", 0, 0, 0.95, "dropout after every hidden ReLU layer of experts and tower (training only)"),
      choice_option("scenario_loss_weighting", "traffic", kLossWeightingNames,
                    "alpha_s of the loss sum_s alpha_s L_s: traffic (row share, the plain mean), uniform (1 / keys), sqrt (proportional to sqrt(rows))"),
      int_option("epochs", 5, 1, 100000, "passes over the training rows"),
      int_option("batch_size", 256, 1, 1000000, "rows per optimizer step"),
      choice_option("optimizer", "adam", {"adam", "adagrad", "sgd"}, "optimizer (embedding and per-scenario tables get lazy row-sparse updates)"),
      real_option("learning_rate", 0.002, 1e-9, 10, "optimizer learning rate"),
      real_option("weight_decay", 0, 0, 10, "L2 penalty folded into the gradients"),
      int_option("patience", 2, 0, 100000,
                 "early stopping: with validation rows, stop after this many epochs without a lower validation loss and keep the best "
                 "epoch's parameters (0: train every epoch, keep the last)"),
  };
  const std::vector<OptionSpec> plateau = plateau_options();
  common.insert(common.end(), plateau.begin(), plateau.end());
  return common;
}

std::vector<OptionSpec> gating_options() {
  return {
      choice_option("gating", "softmax", kGatingNames,
                    "scenario gate over the experts: softmax (dense, one gate per scenario on the input), kl_topk (method 1: top-k by "
                    "-KL between scenario and expert profiles), dselect (method 2: DSelect-k binary-code selectors)"),
      int_option("top_k", 2, 1, 1024, "kl_topk: experts kept per scenario; dselect: number of selectors k (both <= experts)"),
      real_option("dselect_gamma", 1.0, 1e-6, 1e6, "dselect: smooth-step width gamma"),
      real_option("entropy_weight", 1e-3, 0, 1e6, "dselect: weight of the selectors' entropy regulariser"),
      real_option("nonpower_weight", 1e-3, 0, 1e6, "dselect: weight of sum_i 1 / sum_e r_i(e) (used when experts is not a power of two)"),
      int_option("kl_profile_dim", 8, 2, 1024, "kl_topk: width of the scenario and expert profiles"),
      real_option("kl_temperature", 0.25, 1e-6, 1e6, "kl_topk: temperature of the softmax over the chosen experts' -KL"),
  };
}

std::vector<OptionSpec> join(std::vector<OptionSpec> a, const std::vector<OptionSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

SceneNetConfig net_config(const OptionValues& o, const std::string& name) {
  SceneNetConfig c;
  c.embedding_dim = o.get_int("embedding_dim");
  c.scenario_dim = o.get_int("scenario_dim");
  c.experts = o.get_int("experts");
  c.expert_hidden = o.get_int_list("expert_hidden");
  c.tower_hidden = o.get_int_list("tower_hidden");
  c.dropout = o.get_real("dropout");
  c.cross_layers = o.get_int("cross_layers");
  if (c.expert_hidden.empty()) throw OptionError(name + ".expert_hidden = none: at least one layer width is needed (e.g. 64-32)");
  return c;
}

void read_gating(const OptionValues& o, const std::string& name, SceneNetConfig& c) {
  c.gating = parse_gating(o.get_text("gating"));
  c.top_k = o.get_int("top_k");
  c.dselect_gamma = o.get_real("dselect_gamma");
  c.entropy_weight = o.get_real("entropy_weight");
  c.nonpower_weight = o.get_real("nonpower_weight");
  c.kl_profile_dim = o.get_int("kl_profile_dim");
  c.kl_temperature = o.get_real("kl_temperature");
  if (c.gating != GatingKind::Softmax && c.top_k > c.experts)
    throw OptionError(name + ".top_k = " + std::to_string(c.top_k) + " with experts = " + std::to_string(c.experts) + " (gating = " +
                      gating_name(c.gating) + "): allowed 1 <= top_k <= experts");
  if (c.gating == GatingKind::DSelect && c.experts < 2)
    throw OptionError(name + ".experts = " + std::to_string(c.experts) + " with gating = dselect: allowed experts in [2, 1024]");
}

SceneTrainOptions train_options(const OptionValues& o) {
  SceneTrainOptions t;
  t.epochs = o.get_int("epochs");
  t.batch_size = o.get_int("batch_size");
  t.optimizer = o.get_text("optimizer");
  t.learning_rate = o.get_real("learning_rate");
  t.weight_decay = o.get_real("weight_decay");
  t.patience = o.get_int("patience");
  t.plateau = plateau_of(o);
  t.weighting = parse_loss_weighting(o.get_text("scenario_loss_weighting"));
  return t;
}

std::vector<OptionSpec> aktn_options() {
  return {bool_option("feature_adaptation", true, "per-field weights 2 sigmoid(MLP(scenario embedding)) on the input embeddings"),
          bool_option("knowledge_transfer", true, "shared experts whose output enters h through a learned per-scenario sigmoid gate"),
          int_option("shared_experts", 2, 1, 1024, "shared experts (knowledge transfer)"),
          int_option("adapt_hidden", 16, 1, 4096, "hidden width of the feature-adaptation MLP")};
}

void read_aktn(const OptionValues& o, SceneNetConfig& c) {
  c.feature_adaptation = o.get_bool("feature_adaptation");
  c.knowledge_transfer = o.get_bool("knowledge_transfer");
  c.shared_experts = o.get_int("shared_experts");
  c.adapt_hidden = o.get_int("adapt_hidden");
}

std::vector<OptionSpec> aggregation_options() {
  return {
      choice_option("grouping", "lookahead", aggregation::kGroupingNames,
                    "stage 1: none (every scenario its own group: the raw keys), rules channel | format | channel_format (the rule fixes the "
                    "group count), or the affinity from the expert-layer "
                    "gradients: gradient_regulation | lookahead (TAG) | meta_weights, then a graph partition into `groups` groups"),
      int_option("groups", 4, 1, 1000000,
                 "G for the affinity groupings, 1 <= G <= scenarios with training rows (checked at fit); ignored by the rule groupings"),
      choice_option("stage2", "ada_base", {"ada_base", "aktn"}, "stage-2 network on the group keys (aktn reads the aktn options)"),
      int_option("stage1_epochs", 2, 1, 100000, "stage 1: passes over the training rows"),
      int_option("stage1_warmup_epochs", 0, 0, 100000,
                 "stage 1: epochs that train the probe before the affinity is measured (0 <= warmup < stage1_epochs; checked at fit)"),
      int_option("stage1_batch_size", 512, 2, 1000000, "stage 1: rows per step (the pairs of scenarios met in a batch are measured)"),
      real_option("stage1_learning_rate", 0.003, 1e-9, 10, "stage 1: Adam learning rate of the probe network"),
      int_option("stage1_embedding_dim", 8, 0, 1024, "stage 1: field embedding width (0: auto)"),
      int_option("stage1_expert_width", 16, 1, 4096, "stage 1: width H of the shared expert layer E"),
      choice_option("stage1_inputs", "all", {"all", "no_scenario", "no_scenario_no_ids"},
                    "stage 1: fields the probe reads: all | no_scenario (without channel, app, format, slot, so scenario differences show "
                    "in the E gradients instead of being learned by E) | no_scenario_no_ids (also without user_id, ad_id, merchant)"),
      int_option("affinity_interval", 4, 1, 1000000, "stage 1: measure the affinity (and apply gradient regulation) every this many steps"),
      real_option("regulation_lambda", 0.1, 0, 1e6, "gradient_regulation: lambda of lambda sum_ij S_ij ||grad_E L_i - grad_E L_j||^2"),
      int_option("affinity_window", 0, 0, 100000000,
                 "0 = per batch: each measured step's few rows per scenario give the affinity update; W > 0 = accumulate each "
                 "scenario's gradient (and loss) over W measured steps and update from the window means G: lookahead a(i -> j) = "
                 "eta G_i . G_j / L_j, gradient_regulation one logit step on ||G_i - G_j||^2, meta_weights one logit step on "
                 "-eta G_i . G_j (far less noisy for small scenarios)"),
      bool_option("affinity_cosine", false,
                  "lookahead with affinity_window > 0: a(i -> j) = the cosine of the window's mean gradients instead of eta G_i . G_j / L_j "
                  "(which scales with |G_j| / L_j, so a scenario with a large mean gradient becomes a hub)"),
      bool_option("affinity_centre", false,
                  "lookahead, meta_weights with affinity_window > 0: the window's scenario gradients minus their row-weighted mean (the "
                  "shared learning direction removed)"),
      int_option("partition_merge_limit", 2000, 1, 100000000,
                 "affinity groupings with more scenarios (with training rows) than this: the this-many most trafficked form the head; "
                 "stage 1 keeps all pairs among them and affinity_neighbours pairs with them per other scenario, the partition merges "
                 "the head and attaches the rest (groups <= this); lookahead with one window over all of stage 1 computes only those "
                 "pairs, which is what makes 20,000 scenarios fit"),
      choice_option("aggregation_unit", "scenario", {"scenario", "channel", "format", "channel_format"},
                    "affinity groupings: what stage 1 measures the affinity between and the partition groups: the raw scenarios, or "
                    "the cells of a rule (e.g. channel_format: the channel x format cells, as in the article's figure 9), every raw "
                    "scenario taking its cell's group; groups <= cells with training rows"),
      real_option("stage1_fraction", 1.0, 0.01, 1.0,
                  "share of the training rows (a random draw per row) that fit stage 1; stage 2 trains on the others only (also for "
                  "the rule groupings, so a rule with the same value is the fair reference); 1 = every row fits both"),
      choice_option("partition_objective", "sum", {"sum", "ratio"},
                    "the partition's Q: sum = the summed within-group affinity (a group's pull grows with its size); ratio = sum over "
                    "groups of that sum / group size (ratio association: a node's link is weighed against the group's mean, size alone "
                    "does not pull)"),
      int_option("affinity_neighbours", 64, 1, 1000000,
                 "above partition_merge_limit: pairs with the head kept per other scenario, those of the largest |affinity - mean|"),
      real_option("lookahead_step", 0.1, 1e-9, 100, "lookahead, meta_weights: SGD step eta of the one-step look-ahead on E"),
      real_option("affinity_lr", 0.5, 1e-9, 100, "gradient_regulation, meta_weights: step size on the learned logits (scale-free)"),
  };
}

}  // namespace

AlgorithmInfo ada_base_info() {
  return {"ada_base", Task::MultiScenario,
          "multi-scenario base: field embeddings + MoE with per-scenario gates, loss sum_s alpha_s L_s (AdaScene base, Meituan 2023)",
          join(common_options(), gating_options()), [](const OptionValues& o) -> std::unique_ptr<Algorithm> {
            SceneNetConfig c = net_config(o, "ada_base");
            read_gating(o, "ada_base", c);
            return std::make_unique<SceneModel>("ada_base", c, train_options(o), false);
          }};
}

AlgorithmInfo aktn_info() {
  return {"aktn", Task::MultiScenario,
          "adaptive knowledge transfer network: the base + scenario feature adaptation (SE field weights) + a per-scenario gate on "
          "shared-expert knowledge flowing into the scenario's experts",
          join(join(common_options(), gating_options()), aktn_options()),
          [](const OptionValues& o) -> std::unique_ptr<Algorithm> {
            SceneNetConfig c = net_config(o, "aktn");
            read_gating(o, "aktn", c);
            read_aktn(o, c);
            return std::make_unique<SceneModel>("aktn", c, train_options(o), false);
          }};
}

AlgorithmInfo scenario_blind_info() {
  return {"scenario_blind", Task::MultiScenario,
          "one MoE ignoring the scenario key (a single softmax gate on the input; context fields stay features): reference",
          common_options(), [](const OptionValues& o) -> std::unique_ptr<Algorithm> {
            return std::make_unique<SceneModel>("scenario_blind", net_config(o, "scenario_blind"), train_options(o), true);
          }};
}

AlgorithmInfo per_scenario_info() {
  return {"per_scenario", Task::MultiScenario,
          "independent scenario-blind models per scenario key with at least min_rows training rows; the tail falls back to a pooled "
          "model on all rows: reference",
          join(common_options(), {int_option("min_rows", 2000, 1, 1000000000, "training rows a key needs for its own model")}),
          [](const OptionValues& o) -> std::unique_ptr<Algorithm> {
            return std::make_unique<PerScenarioModel>(net_config(o, "per_scenario"), train_options(o), o.get_int("min_rows"));
          }};
}

AlgorithmInfo ada_aggregated_info() {
  return {"ada_aggregated", Task::MultiScenario,
          "scene aggregation (AdaScene, article 004): group the scenarios by a rule or by an affinity from the expert-layer gradients "
          "(gradient regulation, lookahead, meta weights) + graph partition, then train ada_base / aktn with the group as the key",
          join(join(join(common_options(), gating_options()), aktn_options()), aggregation_options()),
          [](const OptionValues& o) -> std::unique_ptr<Algorithm> {
            const std::string stage2 = o.get_text("stage2");
            SceneNetConfig c = net_config(o, "ada_aggregated");
            read_gating(o, "ada_aggregated", c);
            if (stage2 == "aktn") read_aktn(o, c);
            aggregation::AggregationOptions a;
            a.grouping = o.get_text("grouping");
            a.groups = o.get_int("groups");
            a.merge_limit = o.get_int("partition_merge_limit");
            a.neighbours = o.get_int("affinity_neighbours");
            a.unit = o.get_text("aggregation_unit");
            a.stage1_fraction = o.get_real("stage1_fraction");
            a.objective = o.get_text("partition_objective") == "ratio" ? aggregation::PartitionObjective::Ratio
                                                                       : aggregation::PartitionObjective::Sum;
            aggregation::StageOneOptions& s = a.stage_one;
            s.epochs = o.get_int("stage1_epochs");
            s.warmup_epochs = o.get_int("stage1_warmup_epochs");
            s.batch_size = o.get_int("stage1_batch_size");
            s.learning_rate = o.get_real("stage1_learning_rate");
            s.embedding_dim = o.get_int("stage1_embedding_dim");
            s.expert_width = o.get_int("stage1_expert_width");
            const std::string inputs = o.get_text("stage1_inputs");
            s.inputs = inputs == "no_scenario" ? aggregation::ProbeInputs::NoScenario
                       : inputs == "no_scenario_no_ids" ? aggregation::ProbeInputs::NoScenarioNoIds
                                                        : aggregation::ProbeInputs::All;
            s.interval = o.get_int("affinity_interval");
            s.window = o.get_int("affinity_window");
            s.centre = o.get_bool("affinity_centre");
            s.cosine = o.get_bool("affinity_cosine");
            s.lambda = o.get_real("regulation_lambda");
            s.step_size = o.get_real("lookahead_step");
            s.affinity_lr = o.get_real("affinity_lr");
            return std::make_unique<aggregation::AggregatedModel>(a, std::make_unique<SceneModel>(stage2, c, train_options(o), false));
          }};
}

}  // namespace simrec::algorithms::adascene
