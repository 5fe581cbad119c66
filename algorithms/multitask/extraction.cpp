#include "algorithms/multitask/extraction.hpp"

#include <stdexcept>

#include "nn/ops/shape_ops.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::multitask {

std::vector<std::int64_t> with_input(std::int64_t in, const std::vector<std::int64_t>& hidden, const std::string& what) {
  if (hidden.empty()) throw std::invalid_argument(what + " needs at least one layer width");
  std::vector<std::int64_t> w{in};
  w.insert(w.end(), hidden.begin(), hidden.end());
  return w;
}

nn::MLPOptions hidden_block_options(double dropout, std::uint64_t seed, const std::string& name) {
  nn::MLPOptions o;
  o.final_activation = true;
  o.dropout = dropout;
  o.dropout_seed = random::mix64(seed ^ random::fnv1a64(name));
  return o;
}

nn::MLPOptions tower_options(double dropout, std::uint64_t seed, const std::string& name) {
  nn::MLPOptions o = hidden_block_options(dropout, seed, name);
  o.final_activation = false;
  return o;
}

Extraction::Extraction(const ExtractionShape& shape) : shape_(shape) {
  if (shape.branches < 1) throw std::invalid_argument("Extraction: needs at least one branch");
  if (shape.task_experts < 0 || shape.shared_experts < 0 || shape.task_experts + shape.shared_experts < 1)
    throw std::invalid_argument("Extraction: task_experts + shared_experts must be at least 1");
  const auto widths = with_input(shape.in_features, shape.expert_widths, "Extraction: expert widths");
  const std::int64_t per_branch = shape.task_experts + shape.shared_experts;
  if (shape.task_experts > 0) {
    for (std::int64_t k = 0; k < shape.branches; ++k)
      task_experts_.add(shape.task_experts, widths,
                        hidden_block_options(shape.dropout, shape.dropout_seed, "task_experts." + std::to_string(k)));
    register_module("task_experts", task_experts_);
  }
  if (shape.shared_experts > 0) {
    shared_experts_ = std::make_unique<nn::Experts>(shape.shared_experts, widths,
                                                    hidden_block_options(shape.dropout, shape.dropout_seed, "shared_experts"));
    register_module("shared_experts", *shared_experts_);
  }
  for (std::int64_t k = 0; k < shape.branches; ++k) task_gates_.add(shape.in_features, per_branch);
  register_module("task_gates", task_gates_);
  if (shape.shared_gate) {
    shared_gate_ = std::make_unique<nn::Gate>(shape.in_features, shape.branches * shape.task_experts + shape.shared_experts);
    register_module("shared_gate", *shared_gate_);
  }
}

ExtractionOutput Extraction::forward(const std::vector<nn::Tensor>& branch_inputs, const nn::Tensor& shared_input,
                                     std::uint64_t step) const {
  if (std::int64_t(branch_inputs.size()) != shape_.branches)
    throw std::invalid_argument("Extraction: expected " + std::to_string(shape_.branches) + " branch inputs, got " +
                                std::to_string(branch_inputs.size()));
  std::vector<nn::Tensor> own;  // E_k
  for (std::size_t k = 0; k < task_experts_.size(); ++k) own.push_back(task_experts_[k](branch_inputs[k], step));
  const nn::Tensor shared = shared_experts_ ? (*shared_experts_)(shared_input, step) : nn::Tensor();
  ExtractionOutput out;
  for (std::int64_t k = 0; k < shape_.branches; ++k) {
    std::vector<nn::Tensor> pool;
    if (!own.empty()) pool.push_back(own[std::size_t(k)]);
    if (shared.defined()) pool.push_back(shared);
    const nn::Tensor candidates = pool.size() == 1 ? pool.front() : nn::concat(pool, 1);
    out.branches.push_back(nn::mix(candidates, task_gates_[std::size_t(k)](branch_inputs[std::size_t(k)])));
  }
  if (shared_gate_) {
    std::vector<nn::Tensor> pool = own;
    if (shared.defined()) pool.push_back(shared);
    const nn::Tensor candidates = pool.size() == 1 ? pool.front() : nn::concat(pool, 1);
    out.shared = nn::mix(candidates, (*shared_gate_)(shared_input));
  }
  return out;
}

}  // namespace simrec::algorithms::multitask
