// cgc / ple and mfh (networks.hpp): the networks built from extraction levels.
#include <stdexcept>
#include <string>

#include "algorithms/multitask/networks.hpp"
#include "nn/ops/elementwise.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::multitask {

namespace {

ExtractionShape level_shape(const NetConfig& c, std::int64_t branches, std::int64_t in, bool shared_gate,
                            const std::string& name) {
  ExtractionShape s;
  s.branches = branches;
  s.task_experts = c.task_experts;
  s.shared_experts = c.shared_experts;
  s.in_features = in;
  s.expert_widths = c.bottom_hidden;
  s.shared_gate = shared_gate;
  s.dropout = c.dropout;
  s.dropout_seed = random::mix64(c.seed ^ random::fnv1a64(name));
  return s;
}

class PleNet : public MultiTaskNet {
 public:
  explicit PleNet(const NetConfig& c) : input_(c.field_buckets, c.num_dense, c.embedding_dim), towers_(c, c.bottom_hidden.back()) {
    if (c.levels < 1) throw std::invalid_argument("ple: levels must be at least 1");
    std::int64_t in = input_.out_features();
    for (std::int64_t l = 0; l < c.levels; ++l) {
      const Extraction& level = levels_.add(level_shape(c, c.tasks, in, l + 1 < c.levels, "levels." + std::to_string(l)));
      in = level.out_features();
    }
    register_module("input", input_);
    register_module("levels", levels_);
    register_module("towers", towers_);
  }
  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const override {
    const nn::Tensor e = input_.forward(b);
    std::vector<nn::Tensor> branch(towers_.size(), e);
    nn::Tensor shared = e;
    for (std::size_t l = 0; l < levels_.size(); ++l) {
      ExtractionOutput out = levels_[l].forward(branch, shared, step);
      branch = std::move(out.branches);
      shared = out.shared;
    }
    return towers_.forward(branch, step);
  }

 private:
  InputLayer input_;
  ModuleList<Extraction> levels_;
  Towers towers_;
};

class MfhNet : public MultiTaskNet {
 public:
  explicit MfhNet(const NetConfig& c)
      : config_(c),
        input_(c.field_buckets, c.num_dense, c.embedding_dim),
        behaviour_switch_(level_shape(c, c.behaviours, input_.out_features(), false, "behaviour_switch")),
        group_switch_(level_shape(c, c.groups, input_.out_features(), false, "group_switch")),
        towers_(c, c.bottom_hidden.back()) {
    if (c.behaviours * c.groups != c.tasks || std::int64_t(c.task_behaviour.size()) != c.tasks ||
        std::int64_t(c.task_group.size()) != c.tasks)
      throw std::invalid_argument("mfh: the tasks are not a behaviour x group grid");
    const std::int64_t d = behaviour_switch_.out_features();
    for (std::int64_t a = 0; a < c.behaviours; ++a)
      behaviour_facets_.add(level_shape(c, c.groups, d, false, "behaviour_facets." + std::to_string(a)));
    for (std::int64_t g = 0; g < c.groups; ++g)
      group_facets_.add(level_shape(c, c.behaviours, d, false, "group_facets." + std::to_string(g)));
    register_module("input", input_);
    register_module("behaviour_switch", behaviour_switch_);
    register_module("group_switch", group_switch_);
    register_module("behaviour_facets", behaviour_facets_);
    register_module("group_facets", group_facets_);
    register_module("towers", towers_);
  }

  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const override {
    const std::size_t A = std::size_t(config_.behaviours), G = std::size_t(config_.groups);
    const nn::Tensor e = input_.forward(b);
    const auto by_behaviour = behaviour_switch_.forward(std::vector<nn::Tensor>(A, e), e, step).branches;  // b_a
    const auto by_group = group_switch_.forward(std::vector<nn::Tensor>(G, e), e, step).branches;          // c_g
    std::vector<std::vector<nn::Tensor>> u(A), v(G);  // u[a][g], v[g][a]
    for (std::size_t a = 0; a < A; ++a)
      u[a] = behaviour_facets_[a].forward(std::vector<nn::Tensor>(G, by_behaviour[a]), by_behaviour[a], step).branches;
    for (std::size_t g = 0; g < G; ++g)
      v[g] = group_facets_[g].forward(std::vector<nn::Tensor>(A, by_group[g]), by_group[g], step).branches;
    std::vector<nn::Tensor> tower_in;
    for (std::size_t t = 0; t < towers_.size(); ++t) {
      const std::size_t a = config_.task_behaviour[t], g = config_.task_group[t];
      tower_in.push_back(u[a][g] + v[g][a]);
    }
    return towers_.forward(tower_in, step);
  }

 private:
  NetConfig config_;
  InputLayer input_;
  Extraction behaviour_switch_, group_switch_;
  ModuleList<Extraction> behaviour_facets_, group_facets_;
  Towers towers_;
};

}  // namespace

std::unique_ptr<MultiTaskNet> make_ple(const NetConfig& c) { return std::make_unique<PleNet>(c); }
std::unique_ptr<MultiTaskNet> make_mfh(const NetConfig& c) { return std::make_unique<MfhNet>(c); }

}  // namespace simrec::algorithms::multitask
