#pragma once
// ModuleList<M>: an indexed collection of child modules named "0", "1", ... (PyTorch's
// nn.ModuleList), so a model's towers or gates read "towers.2.0.weight".

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nn/module.hpp"

namespace simrec::algorithms::multitask {

template <class M>
class ModuleList : public nn::Module {
 public:
  template <class... Args>
  M& add(Args&&... args) {
    items_.push_back(std::make_unique<M>(std::forward<Args>(args)...));
    register_module(std::to_string(items_.size() - 1), *items_.back());
    return *items_.back();
  }
  const M& operator[](std::size_t i) const { return *items_.at(i); }
  std::size_t size() const { return items_.size(); }

 private:
  std::vector<std::unique_ptr<M>> items_;
};

}  // namespace simrec::algorithms::multitask
