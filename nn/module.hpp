#pragma once
// Module: the base of layers and models — named parameters, child modules, the train/eval flag,
// seeded initialisation and checkpoints.
//
// Names are hierarchical: a parameter "weight" of child "0" of child "tower" is "tower.0.weight".
// Order is deterministic and PyTorch's: a module's own parameters in registration order, then each
// child's, children in registration order. A tensor registered under several names (a table
// shared by several embedding layers) is listed once, under the first name met.
//
// Children are registered by reference and must live as long as the parent (normally they are
// its members), so modules are neither copyable nor movable; keep collections of modules in
// std::vector<std::unique_ptr<...>>.
//
// Parameters start at zero and carry an initialisation rule (nn/init.hpp). init(seed) on the root
// draws every parameter from the stream "init/<full name>", so a parameter's initial values depend
// only on (seed, full name). Forward passes of layers with parameters refuse to run before init or
// load: an all-zero model would otherwise train silently badly.
//
// save/load write and read the parameters as a checkpoint of kind "module" (nn/checkpoint.hpp);
// load requires exactly the same names, dtypes and shapes, and copies values into the existing
// tensors (so optimizers holding them keep working).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nn/checkpoint.hpp"
#include "nn/core/tensor.hpp"
#include "nn/init.hpp"

namespace simrec::nn {

class Module {
 public:
  Module() = default;
  virtual ~Module() = default;
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // Parameters with full names, in the deterministic order above, each tensor once.
  std::vector<NamedTensor> named_parameters() const;
  std::vector<Tensor> parameters() const;
  // Total number of parameter elements.
  std::int64_t parameter_count() const;

  void zero_grad();
  // Sets the training flag of this module and every descendant (dropout reads it).
  void train(bool on = true);
  void eval() { train(false); }
  bool training() const { return training_; }

  // Initialises every parameter by its rule from stream "init/<full name>" under seed.
  void init(std::uint64_t seed);
  bool initialized() const { return initialized_; }
  // Replaces the rule of the parameter `name` (full name relative to this module); call init after.
  void set_init(const std::string& name, Init rule);

  // Converts every parameter to dtype in place (tensor identities are kept). Call before creating
  // an optimizer: optimizer state is allocated in the parameters' dtype.
  void to(DType dtype);

  void save(const std::string& path) const;
  void load(const std::string& path);

 protected:
  // Registers a leaf parameter (requires_grad is set) under a local name without '.'.
  Tensor register_parameter(const std::string& name, Tensor value, Init rule);
  template <class M>
  M& register_module(const std::string& name, M& child) {
    add_child(name, &child);
    return child;
  }
  // Throws "<op>: ... not initialised ..." unless init or load has run on this module.
  void require_initialized(const char* op) const;

 private:
  struct Param {
    std::string name;
    Tensor value;
    Init rule;
  };
  struct Entry {
    std::string full_name;
    Param* param;
  };
  void add_child(const std::string& name, Module* child);
  void check_new_name(const std::string& name) const;
  void collect(const std::string& prefix, std::vector<Entry>& out) const;
  std::vector<Entry> entries() const;
  void set_initialized();

  std::vector<Param> params_;
  std::vector<std::pair<std::string, Module*>> children_;
  bool training_ = true;
  bool initialized_ = false;
};

}  // namespace simrec::nn
