// Options and factories of the multi-task family (multitask.hpp). Widths lists are IntList options
// written with '-' ("64-32"), so a comma in a scenario file still means a grid.
#include <memory>

#include "algorithms/multitask/multitask.hpp"
#include "algorithms/multitask/trainer.hpp"

namespace simrec::algorithms::multitask {

namespace {

std::vector<OptionSpec> with_common(std::vector<OptionSpec> own) {
  const std::vector<OptionSpec> common{
      int_option("embedding_dim", 8, 0, 1024, "width of each categorical field's embedding; 0: auto, clamp(ceil(log2(buckets)), 2, 64) per field"),
      int_list_option("tower_hidden", "32", 1, 65536, "hidden ReLU widths of each task tower before its output unit, '-'-joined ('none': linear tower)"),
      real_option("dropout", 0, 0, 0.95, "dropout after every hidden ReLU layer of experts, bottoms and towers (training only)"),
      int_option("epochs", 10, 1, 100000, "passes over the training rows"),
      int_option("batch_size", 256, 1, 1000000, "rows per optimizer step"),
      choice_option("optimizer", "adam", {"adam", "adagrad", "sgd"}, "optimizer (embedding tables get lazy row-sparse updates)"),
      real_option("learning_rate", 0.001, 1e-9, 10, "optimizer learning rate"),
      real_option("weight_decay", 0, 0, 10, "L2 penalty folded into the gradients"),
      int_option("patience", 2, 0, 100000,
                 "early stopping: with validation rows, stop after this many epochs without a lower validation loss and keep the "
                 "best epoch's parameters (0: train every epoch, keep the last)"),
      choice_option("selection", "joint", {"joint", "per_task"},
                    "which epoch's parameters are kept (with early stopping): joint, one epoch for every task by the combined "
                    "validation loss; per_task, each task's own best epoch by its validation loss, used for its predictions"),
      choice_option("task_weighting", "static", kTaskWeightingNames,
                    "static: task_weights; uncertainty: learned log-variance per task (Kendall et al.); rarity: weights raised "
                    "for rarer tasks, 1/sqrt(positive or applicable share), mean 1 (times task_weights)"),
      string_option("task_weights", "",
                    "per-task loss weights: empty (all 1), one per task in table order ('2, 1, 0.5'), or task=weight pairs "
                    "('finish=2, skip.New=0.5'; a behaviour name sets all its tasks)"),
  };
  own.insert(own.end(), common.begin(), common.end());
  const std::vector<OptionSpec> plateau = plateau_options();
  own.insert(own.end(), plateau.begin(), plateau.end());
  return own;
}

OptionSpec widths_option(const char* name, const char* help) { return int_list_option(name, "64-32", 1, 65536, help); }
OptionSpec task_experts_option(std::int64_t def) {
  return int_option("task_experts", def, 0, 1024, "task-specific experts per task (per branch of a switcher)");
}
OptionSpec shared_experts_option(std::int64_t def) {
  return int_option("shared_experts", def, 0, 1024, "shared experts per extraction level (per switcher)");
}

// The architecture-independent part of the construction, with the checks every model shares.
std::unique_ptr<Algorithm> make_model(Architecture arch, const OptionValues& o, const char* widths_name, NetConfig c) {
  const std::string name = architecture_name(arch);
  c.embedding_dim = o.get_int("embedding_dim");
  c.bottom_hidden = o.get_int_list(widths_name);
  c.tower_hidden = o.get_int_list("tower_hidden");
  c.dropout = o.get_real("dropout");
  if (c.bottom_hidden.empty())
    throw OptionError(name + "." + widths_name + " = none: at least one layer width is needed (e.g. 64-32)");
  TrainOptions t;
  t.epochs = o.get_int("epochs");
  t.batch_size = o.get_int("batch_size");
  t.optimizer = o.get_text("optimizer");
  t.learning_rate = o.get_real("learning_rate");
  t.weight_decay = o.get_real("weight_decay");
  t.patience = o.get_int("patience");
  t.plateau = plateau_of(o);
  t.per_task_selection = o.get_text("selection") == "per_task";
  if (t.per_task_selection && t.plateau.decays > 0)
    throw OptionError(name + ": selection = per_task cannot be combined with lr_decays = " + std::to_string(t.plateau.decays) +
                      " (reduce on plateau follows one joint loss); allowed: selection = joint, or lr_decays = 0");
  t.weighting = parse_task_weighting(o.get_text("task_weighting"));
  t.weights = parse_task_weights(o.get_text("task_weights"), name);
  return std::make_unique<MultiTaskModel>(arch, std::move(c), std::move(t));
}

// cgc, ple, mfh: every gate needs an expert to mix.
void check_gated_experts(const std::string& name, const OptionValues& o) {
  if (o.get_int("task_experts") == 0 && o.get_int("shared_experts") == 0)
    throw OptionError(name + ": task_experts = 0 and shared_experts = 0 leave every gate without an expert; allowed: task_experts >= 1 "
                      "or shared_experts >= 1 (each in [0, 1024])");
}

NetConfig extraction_config(const OptionValues& o, std::int64_t levels) {
  NetConfig c;
  c.task_experts = o.get_int("task_experts");
  c.shared_experts = o.get_int("shared_experts");
  c.levels = levels;
  return c;
}

}  // namespace

AlgorithmInfo single_task_info() {
  return {"single_task", Task::MultiTask,
          "one independent network per task (own embeddings, ReLU MLP): the no-sharing reference",
          with_common({widths_option("bottom_hidden", "hidden ReLU widths of each task's network before its tower layers, '-'-joined")}),
          [](const OptionValues& o) { return make_model(Architecture::SingleTask, o, "bottom_hidden", {}); }};
}

AlgorithmInfo shared_bottom_info() {
  return {"shared_bottom", Task::MultiTask, "shared ReLU bottom MLP, one tower per task (hard parameter sharing)",
          with_common({widths_option("bottom_hidden", "widths of the shared bottom's ReLU layers, '-'-joined; the last feeds the towers")}),
          [](const OptionValues& o) { return make_model(Architecture::SharedBottom, o, "bottom_hidden", {}); }};
}

AlgorithmInfo mmoe_info() {
  return {"mmoe", Task::MultiTask, "multi-gate mixture of experts: shared experts, a softmax gate per task (Ma et al., KDD 2018)",
          with_common({int_option("experts", 8, 1, 1024, "number of shared experts n"),
                       widths_option("expert_hidden", "widths of each expert's ReLU layers, '-'-joined; the last is the expert output")}),
          [](const OptionValues& o) {
            NetConfig c;
            c.experts = o.get_int("experts");
            return make_model(Architecture::Mmoe, o, "expert_hidden", c);
          }};
}

AlgorithmInfo cgc_info() {
  return {"cgc", Task::MultiTask, "customised gate control: task-specific + shared experts, one gate per task (PLE with one level)",
          with_common({task_experts_option(2), shared_experts_option(2),
                       widths_option("expert_hidden", "widths of each expert's ReLU layers, '-'-joined; the last is the expert output")}),
          [](const OptionValues& o) {
            check_gated_experts("cgc", o);
            return make_model(Architecture::Ple, o, "expert_hidden", extraction_config(o, 1));
          }};
}

AlgorithmInfo ple_info() {
  return {"ple", Task::MultiTask, "progressive layered extraction: stacked CGC levels with shared gates below the last (Tang et al., RecSys 2020)",
          with_common({task_experts_option(2), shared_experts_option(2), int_option("levels", 2, 1, 16, "extraction levels (1 = cgc)"),
                       widths_option("expert_hidden", "widths of each expert's ReLU layers (every level), '-'-joined; the last is the expert output")}),
          [](const OptionValues& o) {
            check_gated_experts("ple", o);
            if (o.get_int("levels") > 1 && o.get_int("shared_experts") == 0)
              throw OptionError("ple: shared_experts = 0 with levels = " + std::to_string(o.get_int("levels")) +
                                " leaves no shared branch between levels; allowed: shared_experts >= 1, or levels = 1 (cgc)");
            return make_model(Architecture::Ple, o, "expert_hidden", extraction_config(o, o.get_int("levels")));
          }};
}

AlgorithmInfo mfh_info() {
  return {"mfh", Task::MultiTask,
          "multi-faceted hierarchical MTL: behaviour and group switchers, nested per-facet switchers, towers on their sum (Liu et al., 2021)",
          with_common({task_experts_option(1), shared_experts_option(1),
                       widths_option("expert_hidden", "widths of each switcher expert's ReLU layers (both levels), '-'-joined")}),
          [](const OptionValues& o) {
            check_gated_experts("mfh", o);
            return make_model(Architecture::Mfh, o, "expert_hidden", extraction_config(o, 2));
          }};
}

}  // namespace simrec::algorithms::multitask
