#include "nn/optim/optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "nn/core/autograd.hpp"

namespace simrec::nn {

Optimizer::Optimizer(std::string kind, std::vector<NamedTensor> params, double lr)
    : kind_(std::move(kind)), params_(std::move(params)), lr_(lr) {
  check_option(std::isfinite(lr) && lr >= 0, "lr", lr, ">= 0");
  std::set<std::string> names;
  std::set<const TensorImpl*> seen;
  for (const NamedTensor& p : params_) {
    const Tensor& t = p.value;
    if (!t.defined() || !t.is_leaf() || !t.requires_grad())
      fail(kind_.c_str(), "parameter '", p.name, "' must be a leaf tensor requiring grad, got ",
           describe(t));
    if (p.name.empty()) fail(kind_.c_str(), "a parameter has an empty name");
    if (!names.insert(p.name).second) fail(kind_.c_str(), "parameter name '", p.name, "' repeats");
    if (!seen.insert(t.impl()).second)
      fail(kind_.c_str(), "parameter '", p.name, "' is the same tensor as an earlier one");
  }
  param_steps_.assign(params_.size(), 0);
}

void Optimizer::check_option(bool ok, const char* what, double value, const char* rule) const {
  if (!ok) fail(kind_.c_str(), what, " = ", value, " is invalid (must be ", rule, ")");
}

void Optimizer::set_lr(double lr) {
  check_option(std::isfinite(lr) && lr >= 0, "lr", lr, ">= 0");
  lr_ = lr;
}

int Optimizer::add_buffer(const std::string& name, double value) {
  std::vector<Tensor> slot;
  for (const NamedTensor& p : params_) slot.push_back(Tensor::full(p.value.shape(), value, p.value.dtype()));
  buffer_names_.push_back(name);
  buffers_.push_back(std::move(slot));
  return int(buffers_.size()) - 1;
}

Tensor Optimizer::state(const std::string& param, const std::string& name) const {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (params_[i].name != param) continue;
    for (std::size_t s = 0; s < buffer_names_.size(); ++s)
      if (buffer_names_[s] == name) return buffers_[s][i];
    fail(kind_.c_str(), "no state buffer '", name, "'");
  }
  fail(kind_.c_str(), "no parameter '", param, "'");
}

void Optimizer::zero_grad() {
  for (NamedTensor& p : params_) p.value.zero_grad();
}

void Optimizer::step() {
  NoGradGuard no_grad;
  ++steps_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i].value;
    TensorImpl* impl = p.impl();
    const bool dense = impl->grad != nullptr, sparse = !impl->sparse.empty();
    if (!dense && !sparse) continue;
    if (!dense) {
      update_sparse(i, impl->sparse);
      continue;
    }
    // Dense gradient; sparse rows on the same tensor (a tied table) are folded in by grad().
    const Tensor g = sparse ? p.grad() : Tensor(impl->grad);
    if (g.dtype() != p.dtype() || g.shape() != p.shape())
      fail("Optimizer::step", "gradient ", describe(g), " does not match parameter '",
           params_[i].name, "' ", describe(p));
    ++param_steps_[i];
    update_range(i, 0, p.numel(), g, 0, false);
  }
}

namespace {
// A hint to bring one cache line into the caches. GCC's dead-code elimination dropped
// __builtin_prefetch from update_sparse's loops (g++ 12, -O1 and up: no prefetch in the object
// file), so x86-64 issues the instruction itself.
inline void prefetch_line(const char* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*p));
#else
  __builtin_prefetch(p, 1, 3);
#endif
}
}  // namespace

void Optimizer::update_sparse(std::size_t i, SparseRows& rows) {
  const Tensor& p = params_[i].value;
  rows.coalesce();
  const std::int64_t n_rows = p.shape()[0], width = p.shape()[1];
  const Tensor& values = *rows.values;
  if (values.dtype() != p.dtype() || values.rank() != 2 || values.shape()[1] != width)
    fail("Optimizer::step", "sparse gradient ", describe(values), " does not match parameter '",
         params_[i].name, "' ", describe(p));
  const std::int64_t count = std::int64_t(rows.rows.size());
  for (std::int64_t r : rows.rows)
    if (r < 0 || r >= n_rows)
      fail("Optimizer::step", "sparse gradient row ", r, " is outside parameter '",
           params_[i].name, "' ", describe(p));
  ++param_steps_[i];
  // One kernel call per run of consecutive rows (rows are sorted and unique after coalesce). Runs
  // touch disjoint rows, so they go in parallel: each element's arithmetic does not depend on the
  // thread count. The first run goes alone, so an error (no kernel) throws outside OpenMP.
  std::vector<std::int64_t> first{0};
  for (std::int64_t k = 1; k < count; ++k)
    if (rows.rows[k] != rows.rows[k - 1] + 1) first.push_back(k);
  first.push_back(count);
  const std::int64_t runs = std::int64_t(first.size()) - 1;
  // The rows of a large table are scattered over memory far larger than the caches, so each run
  // waits on cache misses in the parameter and in every state buffer. Prefetching the run
  // kPrefetchAhead places later overlaps those misses with the current update (host memory only;
  // a prefetch changes no value): youtube_rank's step (10k of 100k rows of width 46), sparse Adam
  // ~6% -> ~2% of the samples. Only for scattered rows (under a quarter of the table): when most
  // rows are touched the runs are long, the hardware prefetcher already streams them, and the
  // extra hints cost time (embedding_bag_step, 56% of 100k rows, measured slower with them).
  std::vector<const char*> arrays;
  if (p.device() == Device::CPU && count * 4 < n_rows) {
    arrays.push_back(static_cast<const char*>(p.raw()));
    for (const auto& slot : buffers_) arrays.push_back(static_cast<const char*>(slot[i].raw()));
  }
  const std::int64_t row_bytes = width * std::int64_t(dtype_size(p.dtype()));
  const auto prefetch = [&](std::int64_t r) {
    if (r >= runs) return;
    const std::int64_t start = rows.rows[first[r]] * row_bytes;
    const std::int64_t bytes = std::min<std::int64_t>((first[r + 1] - first[r]) * row_bytes, 1024);
    for (const char* base : arrays)
      for (std::int64_t b = 0; b < bytes; b += 64) prefetch_line(base + start + b);
  };
  constexpr std::int64_t kPrefetchAhead = 6;
  const auto run = [&](std::int64_t r) {
    prefetch(r + kPrefetchAhead);
    update_range(i, rows.rows[first[r]] * width, (first[r + 1] - first[r]) * width, values,
                 first[r] * width, true);
  };
  for (std::int64_t r = 1; r < std::min(runs, kPrefetchAhead); ++r) prefetch(r);
  run(0);
#pragma omp parallel for schedule(dynamic, 64) if (count * width > (1 << 15))
  for (std::int64_t r = 1; r < runs; ++r) run(r);
}

std::vector<NamedTensor> Optimizer::state_tensors(Tensor& step_count,
                                                  std::vector<Tensor>& param_steps) const {
  std::vector<NamedTensor> out;
  out.push_back(NamedTensor{"step_count", step_count});
  for (std::size_t i = 0; i < params_.size(); ++i) {
    out.push_back(NamedTensor{params_[i].name + "/step", param_steps[i]});
    for (std::size_t s = 0; s < buffers_.size(); ++s)
      out.push_back(NamedTensor{params_[i].name + "/" + buffer_names_[s], buffers_[s][i]});
  }
  return out;
}

void Optimizer::save_state(const std::string& path) const {
  Tensor step_count = Tensor::scalar(double(steps_), DType::F64);
  std::vector<Tensor> param_steps;
  for (std::int64_t s : param_steps_) param_steps.push_back(Tensor::scalar(double(s), DType::F64));
  save_checkpoint(path, "optimizer/" + kind_, state_tensors(step_count, param_steps));
}

void Optimizer::load_state(const std::string& path) {
  Tensor step_count = Tensor::scalar(0, DType::F64);
  std::vector<Tensor> param_steps;
  for (std::size_t i = 0; i < params_.size(); ++i) param_steps.push_back(Tensor::scalar(0, DType::F64));
  load_checkpoint(path, "optimizer/" + kind_, state_tensors(step_count, param_steps));
  steps_ = std::int64_t(step_count.item());
  for (std::size_t i = 0; i < params_.size(); ++i) param_steps_[i] = std::int64_t(param_steps[i].item());
}

}  // namespace simrec::nn
