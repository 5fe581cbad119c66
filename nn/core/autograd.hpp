#pragma once
// Tape-based reverse-mode autodiff.
//
// Every op that runs while grad mode is on and has an input requiring grad records a Node: its
// inputs, the backward rule (a closure), and a tape position (a global, monotonically increasing
// sequence number). backward() collects the nodes reachable from the root and replays them in
// decreasing tape order, so each node runs after every node that consumes its output, and the
// order (hence every floating-point sum) is the same on every run.
//
// Backward rules are written with ops, never with kernels, so they are backend-agnostic; they run
// with grad mode off. A rule receives the gradient of the node's output and hands each input its
// gradient through Grads::add / add_sparse.

#include <cstdint>
#include <functional>
#include <vector>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

// Collects the gradients a backward rule produces for its inputs.
class Grads {
 public:
  explicit Grads(std::vector<Tensor>* slots) : slots_(slots) {}
  // Adds g (same shape as input i) to input i's gradient.
  void add(int input, const Tensor& g);
  // Adds row-sparse gradient rows[k] += values[k] to 2-D input i.
  void add_sparse(int input, std::vector<std::int64_t> rows, const Tensor& values);
  // Whether input i needs a gradient at all (skip the work when not).
  bool needs(int input) const;

 private:
  friend void run_backward(const Tensor& root);
  std::vector<Tensor>* slots_;
  const std::vector<Tensor>* inputs_ = nullptr;
  struct Sparse {
    int input;
    std::vector<std::int64_t> rows;
    Tensor values;
  };
  std::vector<Sparse> sparse_;
  std::vector<bool> needs_;
};

using BackwardFn = std::function<void(const Tensor& dout, Grads& grads)>;

struct Node {
  const char* op = "";
  std::uint64_t seq = 0;          // tape position
  std::vector<Tensor> inputs;     // every tensor input (those not requiring grad included)
  BackwardFn backward;
};

// Whether ops record nodes (thread-local; on by default).
bool grad_enabled();

// RAII: no node is recorded while alive (evaluation, optimizer updates, backward rules).
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// Called by ops: wires `out` to a new node when grad mode is on and any input requires grad.
// Returns out for chaining.
Tensor record(const char* op, Tensor out, std::vector<Tensor> inputs, BackwardFn backward);

void run_backward(const Tensor& root);

}  // namespace simrec::nn
