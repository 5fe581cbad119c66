#pragma once
// Optimizer: the base of SGD, Adagrad, Adam and AdamW. Holds the named parameters, per-parameter
// state buffers and step counts, and saves / loads that state.
//
// step() updates every parameter that has a gradient and skips the others, leaving their state
// untouched (PyTorch's behaviour). A parameter's gradient is used as follows:
//   - dense gradient (possibly plus sparse rows): one dense update of the whole tensor;
//   - row-sparse gradient only (embedding tables, Tensor::sparse_grad): the rows are coalesced and
//     ONLY those rows are updated, with the same kernel applied to each run of consecutive rows.
//     Untouched rows keep their values and their state (no momentum / moment decay): the "lazy"
//     semantics of torch.optim.SparseAdam; each subclass documents the consequences.
// Per-parameter step counts t (1 on a parameter's first update) drive Adam's bias correction and
// SGD's momentum start, as PyTorch keeps state["step"] per parameter.
// Updates run under NoGradGuard and never modify the gradients.
//
// save_state / load_state write a checkpoint (nn/checkpoint.hpp) of kind "optimizer/<kind>" with
//   "step_count"        float64 scalar: number of step() calls
//   "<param>/step"      float64 scalar: updates this parameter has received
//   "<param>/<buffer>"  each state buffer (Adam: exp_avg, exp_avg_sq; Adagrad: sum;
//                       SGD with momentum: momentum_buffer), same dtype and shape as the parameter.
// Hyperparameters (lr, betas, ...) are configuration: they come from the constructor (and
// set_lr), not from the checkpoint. Loading checks kind, names, dtypes and shapes, and modifies
// nothing on error. Together with Module::save/load this resumes training bit for bit.

#include <cstdint>
#include <string>
#include <vector>

#include "nn/checkpoint.hpp"
#include "nn/core/tensor.hpp"

namespace simrec::nn {

class Optimizer {
 public:
  Optimizer(std::string kind, std::vector<NamedTensor> params, double lr);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  void step();
  void zero_grad();

  double lr() const { return lr_; }
  void set_lr(double lr);
  std::int64_t step_count() const { return steps_; }
  const std::string& kind() const { return kind_; }
  const std::vector<NamedTensor>& params() const { return params_; }
  // State buffer `buffer` of parameter `param` (for inspection and tests).
  Tensor state(const std::string& param, const std::string& buffer) const;

  void save_state(const std::string& path) const;
  void load_state(const std::string& path);

 protected:
  // Adds a buffer per parameter (the parameter's shape and dtype) filled with `value`; returns the
  // slot index used with buffer().
  int add_buffer(const std::string& name, double value);
  const Tensor& buffer(int slot, std::size_t param) const { return buffers_[slot][param]; }
  // Updates parameter i already counted by the current step (param_step(i) >= 1).
  std::int64_t param_step(std::size_t i) const { return param_steps_[i]; }

  // Applies the update to elements [offset, offset + n) of parameter i (and of its buffers), with
  // gradient g's elements [g_offset, g_offset + n). `sparse` tells a row-sparse update. Sparse
  // updates call this concurrently (OpenMP) for disjoint ranges of the same parameter: it must
  // only write elements inside its range.
  virtual void update_range(std::size_t i, std::int64_t offset, std::int64_t n, const Tensor& g,
                            std::int64_t g_offset, bool sparse) = 0;

  // Argument checks for subclasses: throws "<kind>: <what> must be ..." naming the value.
  void check_option(bool ok, const char* what, double value, const char* rule) const;

 private:
  void update_sparse(std::size_t i, SparseRows& rows);
  std::vector<NamedTensor> state_tensors(Tensor& step_count,
                                         std::vector<Tensor>& param_steps) const;

  std::string kind_;
  std::vector<NamedTensor> params_;
  double lr_;
  std::int64_t steps_ = 0;
  std::vector<std::int64_t> param_steps_;
  std::vector<std::string> buffer_names_;
  std::vector<std::vector<Tensor>> buffers_;  // [slot][param]
};

}  // namespace simrec::nn
