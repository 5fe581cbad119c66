#include "nn/core/autograd.hpp"

#include <algorithm>
#include <cstring>
#include <atomic>
#include <unordered_map>
#include <unordered_set>

#include "nn/ops/elementwise.hpp"

namespace simrec::nn {

namespace {
thread_local bool g_grad_enabled = true;
std::atomic<std::uint64_t> g_tape_position{0};

// a + b without recording (both defined, same shape); the first contribution is kept as is.
Tensor accumulate(const Tensor& acc, const Tensor& g) {
  if (!acc.defined()) return g;
  return add(acc, g);
}

// Rows of a then rows of b (both [n, width]).
Tensor concat_rows(const Tensor& a, const Tensor& b) {
  const std::int64_t width = a.shape()[1];
  Tensor out = Tensor::empty(Shape{a.shape()[0] + b.shape()[0], width}, a.dtype());
  const std::size_t bytes_a = a.numel() * dtype_size(a.dtype());
  std::memcpy(out.raw(), a.raw(), bytes_a);
  std::memcpy(static_cast<char*>(out.raw()) + bytes_a, b.raw(), b.numel() * dtype_size(b.dtype()));
  return out;
}

Tensor densify(const std::vector<std::int64_t>& rows, const Tensor& values, const Shape& shape) {
  Tensor dense = Tensor::zeros(shape, values.dtype());
  const std::int64_t width = shape[1];
  const auto add_rows = [&](auto* d, const auto* v) {
    for (std::size_t k = 0; k < rows.size(); ++k)
      for (std::int64_t j = 0; j < width; ++j) d[rows[k] * width + j] += v[k * width + j];
  };
  if (values.dtype() == DType::F32)
    add_rows(dense.data<float>(), values.data<float>());
  else
    add_rows(dense.data<double>(), values.data<double>());
  return dense;
}
}  // namespace

bool grad_enabled() { return g_grad_enabled; }

NoGradGuard::NoGradGuard() : previous_(g_grad_enabled) { g_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { g_grad_enabled = previous_; }

void Grads::add(int input, const Tensor& g) {
  const Tensor& in = (*inputs_)[input];
  if (g.shape() != in.shape() || g.dtype() != in.dtype())
    fail("backward", "rule produced gradient ", describe(g), " for input ", input, " of ",
         describe(in));
  (*slots_)[input] = accumulate((*slots_)[input], g);
}

void Grads::add_sparse(int input, std::vector<std::int64_t> rows, const Tensor& values) {
  sparse_.push_back(Sparse{input, std::move(rows), values});
}

bool Grads::needs(int input) const { return needs_[input]; }

Tensor record(const char* op, Tensor out, std::vector<Tensor> inputs, BackwardFn backward) {
  if (!g_grad_enabled) return out;
  bool any = false;
  for (const Tensor& t : inputs) any = any || (t.defined() && t.requires_grad());
  if (!any) return out;
  auto node = std::make_shared<Node>();
  node->op = op;
  node->seq = g_tape_position.fetch_add(1, std::memory_order_relaxed);
  node->inputs = std::move(inputs);
  node->backward = std::move(backward);
  out.impl()->grad_fn = std::move(node);
  out.impl()->requires_grad = true;
  return out;
}

void run_backward(const Tensor& root) {
  if (!root.defined()) fail("backward", "called on an undefined tensor");
  if (root.numel() != 1)
    fail("backward", "called on a non-scalar tensor ", describe(root),
         "; reduce it to one element first (e.g. sum or mean)");
  if (!root.requires_grad()) fail("backward", "tensor ", describe(root), " does not require grad");

  Tensor seed = Tensor::full(root.shape(), 1.0, root.dtype());
  if (root.is_leaf()) {
    const Tensor prev = root.impl()->grad ? Tensor(root.impl()->grad) : Tensor();
    root.impl()->grad = accumulate(prev, seed).detach().shared_impl();
    return;
  }

  // Collect reachable nodes (DFS over inputs), then replay in decreasing tape order.
  std::vector<Node*> order;
  std::unordered_set<Node*> seen;
  std::vector<Node*> stack{root.grad_fn().get()};
  seen.insert(stack.back());
  while (!stack.empty()) {
    Node* n = stack.back();
    stack.pop_back();
    order.push_back(n);
    for (const Tensor& in : n->inputs) {
      if (!in.defined() || !in.requires_grad() || in.is_leaf()) continue;
      Node* m = in.grad_fn().get();
      if (seen.insert(m).second) stack.push_back(m);
    }
  }
  std::sort(order.begin(), order.end(), [](Node* a, Node* b) { return a->seq > b->seq; });

  std::unordered_map<Node*, Tensor> pending;  // gradient of each node's output (lookup only)
  pending[root.grad_fn().get()] = seed;
  NoGradGuard no_grad;
  for (Node* n : order) {
    auto it = pending.find(n);
    if (it == pending.end()) continue;  // output not on a path to the root's gradient
    Tensor dout = it->second;
    pending.erase(it);

    std::vector<Tensor> slots(n->inputs.size());
    Grads grads(&slots);
    grads.inputs_ = &n->inputs;
    grads.needs_.resize(n->inputs.size());
    for (std::size_t i = 0; i < n->inputs.size(); ++i)
      grads.needs_[i] = n->inputs[i].defined() && n->inputs[i].requires_grad();
    n->backward(dout, grads);

    for (std::size_t i = 0; i < n->inputs.size(); ++i) {
      const Tensor& in = n->inputs[i];
      if (!grads.needs_[i]) continue;
      // Sparse contributions for this input, in the order the rule produced them.
      for (auto& s : grads.sparse_) {
        if (s.input != int(i)) continue;
        if (in.is_leaf() && in.impl()->sparse_grad) {
          SparseRows& acc = in.impl()->sparse;
          if (acc.empty()) {
            acc.rows = s.rows;
            acc.values = std::make_shared<Tensor>(s.values);
          } else {
            acc.rows.insert(acc.rows.end(), s.rows.begin(), s.rows.end());
            acc.values = std::make_shared<Tensor>(concat_rows(*acc.values, s.values));
          }
        } else {
          slots[i] = accumulate(slots[i], densify(s.rows, s.values, in.shape()));
        }
      }
      if (!slots[i].defined()) continue;
      if (in.is_leaf()) {
        Tensor prev = in.impl()->grad ? Tensor(in.impl()->grad) : Tensor();
        in.impl()->grad = accumulate(prev, slots[i]).detach().shared_impl();
      } else {
        Tensor& p = pending[in.grad_fn().get()];
        p = accumulate(p, slots[i]);
      }
    }
  }
}

}  // namespace simrec::nn
