// single_task, shared_bottom and mmoe (networks.hpp); cgc / ple and mfh live in extraction_nets.cpp.
#include "algorithms/multitask/networks.hpp"

#include <stdexcept>

#include "nn/ops/shape_ops.hpp"

namespace simrec::algorithms::multitask {

std::unique_ptr<MultiTaskNet> make_ple(const NetConfig& c);  // extraction_nets.cpp
std::unique_ptr<MultiTaskNet> make_mfh(const NetConfig& c);

const char* architecture_name(Architecture a) {
  switch (a) {
    case Architecture::SingleTask: return "single_task";
    case Architecture::SharedBottom: return "shared_bottom";
    case Architecture::Mmoe: return "mmoe";
    case Architecture::Ple: return "ple";
    case Architecture::Mfh: return "mfh";
  }
  return "?";
}

Towers::Towers(const NetConfig& c, std::int64_t in_features) {
  std::vector<std::int64_t> widths{in_features};
  widths.insert(widths.end(), c.tower_hidden.begin(), c.tower_hidden.end());
  widths.push_back(1);
  for (std::int64_t t = 0; t < c.tasks; ++t) add(widths, tower_options(c.dropout, c.seed, "towers." + std::to_string(t)));
}

nn::Tensor Towers::forward(const std::vector<nn::Tensor>& inputs, std::uint64_t step) const {
  if (inputs.size() != size()) throw std::invalid_argument("Towers: one input per task expected");
  std::vector<nn::Tensor> outs;
  for (std::size_t t = 0; t < size(); ++t) outs.push_back((*this)[t](inputs[t], step));
  return outs.size() == 1 ? outs.front() : nn::concat(outs, 1);
}

namespace {

// One task's own network: input layer, then one MLP down to its output.
class SingleTaskBranch : public nn::Module {
 public:
  SingleTaskBranch(const NetConfig& c, std::int64_t t)
      : input_(c.field_buckets, c.num_dense, c.embedding_dim),
        net_(widths(c, input_.out_features()), tower_options(c.dropout, c.seed, "tasks." + std::to_string(t))) {
    register_module("input", input_);
    register_module("net", net_);
  }
  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const { return net_(input_.forward(b), step); }

 private:
  static std::vector<std::int64_t> widths(const NetConfig& c, std::int64_t in) {
    std::vector<std::int64_t> w = with_input(in, c.bottom_hidden, "single_task: bottom_hidden");
    w.insert(w.end(), c.tower_hidden.begin(), c.tower_hidden.end());
    w.push_back(1);
    return w;
  }
  InputLayer input_;
  nn::MLP net_;
};

class SingleTaskNet : public MultiTaskNet {
 public:
  explicit SingleTaskNet(const NetConfig& c) {
    for (std::int64_t t = 0; t < c.tasks; ++t) tasks_.add(c, t);
    register_module("tasks", tasks_);
  }
  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const override {
    std::vector<nn::Tensor> outs;
    for (std::size_t t = 0; t < tasks_.size(); ++t) outs.push_back(tasks_[t].forward(b, step));
    return outs.size() == 1 ? outs.front() : nn::concat(outs, 1);
  }

 private:
  ModuleList<SingleTaskBranch> tasks_;
};

class SharedBottomNet : public MultiTaskNet {
 public:
  explicit SharedBottomNet(const NetConfig& c)
      : input_(c.field_buckets, c.num_dense, c.embedding_dim),
        bottom_(with_input(input_.out_features(), c.bottom_hidden, "shared_bottom: bottom_hidden"),
                hidden_block_options(c.dropout, c.seed, "bottom")),
        towers_(c, bottom_.out_features()) {
    register_module("input", input_);
    register_module("bottom", bottom_);
    register_module("towers", towers_);
  }
  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const override {
    const nn::Tensor h = bottom_(input_.forward(b), step);
    return towers_.forward(std::vector<nn::Tensor>(towers_.size(), h), step);
  }

 private:
  InputLayer input_;
  nn::MLP bottom_;
  Towers towers_;
};

class MmoeNet : public MultiTaskNet {
 public:
  explicit MmoeNet(const NetConfig& c)
      : input_(c.field_buckets, c.num_dense, c.embedding_dim),
        experts_(c.experts, with_input(input_.out_features(), c.bottom_hidden, "mmoe: expert_hidden"),
                 hidden_block_options(c.dropout, c.seed, "experts")),
        towers_(c, experts_.out_features()) {
    for (std::int64_t t = 0; t < c.tasks; ++t) gates_.add(input_.out_features(), c.experts);
    register_module("input", input_);
    register_module("experts", experts_);
    register_module("gates", gates_);
    register_module("towers", towers_);
  }
  nn::Tensor forward(const InputBatch& b, std::uint64_t step) const override {
    const nn::Tensor e = input_.forward(b);
    const nn::Tensor f = experts_(e, step);  // [B, n, d]
    std::vector<nn::Tensor> mixed;
    for (std::size_t t = 0; t < gates_.size(); ++t) mixed.push_back(nn::mix(f, gates_[t](e)));
    return towers_.forward(mixed, step);
  }

 private:
  InputLayer input_;
  nn::Experts experts_;
  ModuleList<nn::Gate> gates_;
  Towers towers_;
};

}  // namespace

std::unique_ptr<MultiTaskNet> make_net(Architecture arch, const NetConfig& c) {
  const std::string name = architecture_name(arch);
  if (c.tasks < 1) throw std::invalid_argument(name + ": the table has no task");
  if (c.bottom_hidden.empty()) throw std::invalid_argument(name + ": expert / bottom widths need at least one layer");
  switch (arch) {
    case Architecture::SingleTask: return std::make_unique<SingleTaskNet>(c);
    case Architecture::SharedBottom: return std::make_unique<SharedBottomNet>(c);
    case Architecture::Mmoe:
      if (c.experts < 1) throw std::invalid_argument("mmoe: needs at least one expert");
      return std::make_unique<MmoeNet>(c);
    case Architecture::Ple: return make_ple(c);
    case Architecture::Mfh: return make_mfh(c);
  }
  throw std::invalid_argument("make_net: unknown architecture");
}

}  // namespace simrec::algorithms::multitask
