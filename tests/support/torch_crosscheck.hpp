#pragma once
// The C++ side of the PyTorch op cross-check: a case names an op, holds float32 inputs (those with
// requires_grad are differentiated) and JSON attributes, and how to compute it with simrec. All
// cases registered before the first comparison are evaluated by ONE run of
// tests/scripts/torch_ops.py (torch's import is the slow part).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/nn_testing.hpp"

namespace simrec::testing {

struct TorchCase {
  std::string name;        // unique
  std::string op;          // key of OPS in torch_ops.py
  std::vector<Tensor> inputs;
  std::string attrs_json = "{}";
  TensorFn simrec;         // same computation in simrec
};

struct TorchResult {
  Tensor out;
  std::vector<Tensor> grads;  // undefined where the input does not require grad
};

// Runs every case through PyTorch (once per batch) and returns torch's results by case name.
// Returns an empty map and sets `why` when torch is unavailable.
std::map<std::string, TorchResult> run_torch_cases(const std::vector<TorchCase>& cases,
                                                   std::string& why);

// Runs `c` in simrec (same upstream gradient as torch) and compares; "" when they agree.
std::string compare_with_torch(const TorchCase& c, const TorchResult& torch, double rtol,
                               double atol);

}  // namespace simrec::testing
