#include "nn/module.hpp"

#include <algorithm>
#include <unordered_set>

namespace simrec::nn {

void Module::check_new_name(const std::string& name) const {
  if (name.empty() || name.find('.') != std::string::npos)
    fail("Module", "invalid local name '", name, "' (non-empty, no '.')");
  const bool taken =
      std::any_of(params_.begin(), params_.end(), [&](const Param& p) { return p.name == name; }) ||
      std::any_of(children_.begin(), children_.end(), [&](const auto& c) { return c.first == name; });
  if (taken) fail("Module", "name '", name, "' is registered twice");
}

Tensor Module::register_parameter(const std::string& name, Tensor value, Init rule) {
  check_new_name(name);
  if (!value.defined() || !value.is_leaf())
    fail("Module", "parameter '", name, "' must be a defined leaf tensor, got ", describe(value));
  value.set_requires_grad(true);
  if (value.name().empty()) value.set_name(name);
  params_.push_back(Param{name, value, rule});
  return value;
}

void Module::add_child(const std::string& name, Module* child) {
  check_new_name(name);
  if (child == this) fail("Module", "module '", name, "' cannot be its own child");
  children_.emplace_back(name, child);
}

// Entries point into params_ of this module and its descendants; only the non-const members
// (init, set_init, to, zero_grad) write through them.
void Module::collect(const std::string& prefix, std::vector<Entry>& out) const {
  for (const Param& p : params_) out.push_back(Entry{prefix + p.name, const_cast<Param*>(&p)});
  for (const auto& [name, child] : children_) child->collect(prefix + name + ".", out);
}

std::vector<Module::Entry> Module::entries() const {
  std::vector<Entry> all;
  collect("", all);
  std::vector<Entry> unique;
  std::unordered_set<const TensorImpl*> seen;
  for (Entry& e : all)
    if (seen.insert(e.param->value.impl()).second) unique.push_back(std::move(e));
  return unique;
}

std::vector<NamedTensor> Module::named_parameters() const {
  std::vector<NamedTensor> out;
  for (const Entry& e : entries()) out.push_back(NamedTensor{e.full_name, e.param->value});
  return out;
}

std::vector<Tensor> Module::parameters() const {
  std::vector<Tensor> out;
  for (const Entry& e : entries()) out.push_back(e.param->value);
  return out;
}

std::int64_t Module::parameter_count() const {
  std::int64_t n = 0;
  for (const Entry& e : entries()) n += e.param->value.numel();
  return n;
}

void Module::zero_grad() {
  for (const Entry& e : entries()) e.param->value.zero_grad();
}

void Module::train(bool on) {
  training_ = on;
  for (auto& c : children_) c.second->train(on);
}

void Module::set_initialized() {
  initialized_ = true;
  for (auto& c : children_) c.second->set_initialized();
}

void Module::init(std::uint64_t seed) {
  for (const Entry& e : entries()) e.param->rule.apply(e.param->value, seed, e.full_name);
  set_initialized();
}

void Module::set_init(const std::string& name, Init rule) {
  for (const Entry& e : entries()) {
    if (e.full_name == name) {
      e.param->rule = rule;
      return;
    }
  }
  fail("Module::set_init", "no parameter named '", name, "'");
}

void Module::to(DType dtype) {
  for (const Entry& e : entries()) {
    TensorImpl* impl = e.param->value.impl();
    if (impl->dtype == dtype) continue;
    const Tensor converted = e.param->value.to(dtype);
    impl->storage = converted.impl()->storage;
    impl->offset = 0;
    impl->dtype = dtype;
    impl->grad.reset();
    impl->sparse = SparseRows{};
  }
}

void Module::save(const std::string& path) const {
  save_checkpoint(path, "module", named_parameters());
}

void Module::load(const std::string& path) {
  load_checkpoint(path, "module", named_parameters());
  set_initialized();
}

void Module::require_initialized(const char* op) const {
  if (!initialized_)
    fail(op, "parameters are not initialised: call init(seed) on the root module or load a "
             "checkpoint first");
}

}  // namespace simrec::nn
