#pragma once
// The multi-task networks of SPEC §6. Every one maps a batch to raw outputs [B, T] (T tasks, the
// table's task order): logits for binary tasks, values for regression tasks. Towers are ReLU MLPs
// {in, tower_hidden..., 1} with a linear output; "hidden blocks" (experts, the shared bottom) are
// ReLU MLPs through their widths with a ReLU on the last layer too. e = the input layer's output
// (input_layer.hpp), d = the expert / bottom output width.
//
//   single_task    per task t its own input layer and MLP {in, bottom_hidden..., tower_hidden..., 1}:
//                  no parameter is shared (the reference every sharing scheme is judged against).
//                  Parameters "tasks.<t>.input.*", "tasks.<t>.net.*".
//   shared_bottom  h = bottom(e) [B, d]; y_t = tower_t(h).  "input.*", "bottom.*", "towers.<t>.*"
//   mmoe           f_i(e) n shared experts [B, n, d]; g^t(e) = softmax(W_t e) [B, n];
//                  y_t = tower_t(sum_i g^t_i(e) f_i(e)).    "input.*", "experts.<i>.*", "gates.<t>.weight",
//                  "towers.<t>.*"
//   cgc / ple      L extraction levels (extraction.hpp; cgc is L = 1). Level 1: every branch and the
//                  shared experts read e. Level l > 1: task t's experts and gate read task t's
//                  output of level l-1; the shared experts and the shared gate read level l-1's
//                  shared output. Levels below the last have the shared gate (softmax over all
//                  T m task experts + s shared experts); the last has none. y_t = tower_t(task t's
//                  output of level L).                       "input.*", "levels.<l>.*", "towers.<t>.*"
//   mfh            tasks (behaviour a, group g), A x G (task_grid.hpp). Switchers are extraction
//                  levels without a shared gate. Level 1: "behaviour_switch" (A branches) and
//                  "group_switch" (G branches) on e, outputs b_a and c_g. Level 2: per behaviour
//                  a, "behaviour_facets.<a>" (G branches, every branch and its shared experts read
//                  b_a) -> u_{a,g}; per group g, "group_facets.<g>" (A branches on c_g) -> v_{g,a}.
//                  y_(a,g) = tower_(a,g)(u_{a,g} + v_{g,a}).
//
// Expert and bottom widths: every level's experts use the same `bottom_hidden` widths (level l > 1
// starts from level l-1's output width d).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/multitask/extraction.hpp"
#include "algorithms/multitask/input_layer.hpp"

namespace simrec::algorithms::multitask {

enum class Architecture { SingleTask, SharedBottom, Mmoe, Ple, Mfh };
const char* architecture_name(Architecture a);

struct NetConfig {
  // input (from the training table)
  std::vector<std::uint32_t> field_buckets;
  std::int64_t num_dense = 0;
  std::int64_t embedding_dim = 8;  // 0: auto (input_layer.hpp)
  // tasks
  std::int64_t tasks = 0;
  std::vector<std::uint32_t> task_behaviour, task_group;  // MFH: positions in the grid (task_grid.hpp)
  std::int64_t behaviours = 0, groups = 0;                // MFH: A, G
  // architecture
  std::vector<std::int64_t> bottom_hidden;  // expert / bottom widths; the last is d
  std::vector<std::int64_t> tower_hidden;   // may be empty (linear towers)
  std::int64_t experts = 1;                 // mmoe
  std::int64_t task_experts = 1, shared_experts = 1, levels = 1;  // cgc / ple / mfh
  double dropout = 0;
  std::uint64_t seed = 0;  // dropout masks
};

class MultiTaskNet : public nn::Module {
 public:
  // Raw outputs [B, T]. `step` drives the dropout masks (any value in eval mode).
  virtual nn::Tensor forward(const InputBatch& batch, std::uint64_t step) const = 0;
};

// Throws std::invalid_argument for an inconsistent config (no tasks, empty widths, no experts).
std::unique_ptr<MultiTaskNet> make_net(Architecture arch, const NetConfig& config);

// T towers {in, tower_hidden..., 1} (children "0" .. "T-1"); forward(inputs) runs tower t on
// inputs[t] and joins the outputs into [B, T].
class Towers : public ModuleList<nn::MLP> {
 public:
  Towers(const NetConfig& c, std::int64_t in_features);
  nn::Tensor forward(const std::vector<nn::Tensor>& inputs, std::uint64_t step) const;
};

}  // namespace simrec::algorithms::multitask
