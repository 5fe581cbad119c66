#pragma once
// One customised-gate-control extraction level (CGC; Tang et al., RecSys 2020), the block that
// CGC, PLE and MFH's switchers are built from. Shape letters: B batch, K branches (tasks, or the
// facets an MFH switcher splits into), m task experts per branch, s shared experts, d expert
// output width.
//
//   E_k = experts_k(x_k)                    [B, m, d]   branch k's own experts, on branch k's input
//   S   = shared_experts(x_s)               [B, s, d]   on the shared input
//   y_k = mix(concat(E_k, S), gate_k(x_k))  [B, d]      gate_k = softmax(W_k x_k) over m + s experts
//   y_s = mix(concat(E_1..E_K, S), gate_s(x_s))         only when the level has a shared gate
//                                                        (PLE: every level below the last)
//
// Experts are ReLU MLPs through the given widths (ReLU after the last layer too: their outputs
// are hidden representations); gates are nn::Gate (no bias, as in MMoE's formula). m or s may be
// 0, not both. Parameters: "task_experts.<k>.<i>.<layer>.{weight,bias}", "shared_experts.<i>...",
// "task_gates.<k>.weight", "shared_gate.weight".
//
// A gate over a single expert (m + s = 1) is the constant 1: its weight receives a zero gradient.

#include <cstdint>
#include <string>
#include <vector>

#include "algorithms/multitask/module_list.hpp"
#include "nn/layers/expert_gate.hpp"

namespace simrec::algorithms::multitask {

struct ExtractionShape {
  std::int64_t branches = 1;        // K
  std::int64_t task_experts = 1;    // m, per branch
  std::int64_t shared_experts = 1;  // s
  std::int64_t in_features = 0;     // width of every input (branch and shared)
  std::vector<std::int64_t> expert_widths;  // hidden..., d (at least one)
  bool shared_gate = false;
  double dropout = 0;
  std::uint64_t dropout_seed = 0;
};

struct ExtractionOutput {
  std::vector<nn::Tensor> branches;  // K x [B, d]
  nn::Tensor shared;                 // [B, d]; undefined without a shared gate
};

class Extraction : public nn::Module {
 public:
  explicit Extraction(const ExtractionShape& shape);

  // branch_inputs: K tensors [B, in]; shared_input [B, in] (read by the shared experts and gate).
  ExtractionOutput forward(const std::vector<nn::Tensor>& branch_inputs, const nn::Tensor& shared_input,
                           std::uint64_t step) const;
  std::int64_t out_features() const { return shape_.expert_widths.back(); }
  const ExtractionShape& shape() const { return shape_; }

 private:
  ExtractionShape shape_;
  ModuleList<nn::Experts> task_experts_;
  std::unique_ptr<nn::Experts> shared_experts_;
  ModuleList<nn::Gate> task_gates_;
  std::unique_ptr<nn::Gate> shared_gate_;
};

// Widths {in, hidden...} as an MLP widths list; throws std::invalid_argument naming `what` when
// hidden is empty.
std::vector<std::int64_t> with_input(std::int64_t in, const std::vector<std::int64_t>& hidden, const std::string& what);

// The MLP options of a hidden block (experts, shared bottom): ReLU everywhere, dropout after
// hidden layers, a dropout seed drawn from (seed, name) so every MLP of a model masks differently.
nn::MLPOptions hidden_block_options(double dropout, std::uint64_t seed, const std::string& name);
// A tower: ReLU between layers, a linear output.
nn::MLPOptions tower_options(double dropout, std::uint64_t seed, const std::string& name);

}  // namespace simrec::algorithms::multitask
