#include "nn/examples/spiral_demo.hpp"

#include <cmath>
#include <numbers>

#include "nn/nn.hpp"
#include "sim/random/philox.hpp"

namespace simrec::nn::examples {

namespace {

struct Points {
  std::vector<float> x;  // [n, 2]
  std::vector<std::int64_t> y;
};

void make_spirals(const SpiralDemoOptions& o, Points& train, Points& test) {
  const std::int64_t n = o.points_per_class;
  for (int c = 0; c < 3; ++c) {
    for (std::int64_t i = 0; i < n; ++i) {
      random::Rng rng(o.seed, "demo/points", std::uint64_t(c * n + i));
      // Box-Muller: one standard normal from two uniforms.
      const double z = std::sqrt(-2 * std::log(rng.uniform())) * std::cos(2 * std::numbers::pi * rng.uniform());
      const double r = double(i) / double(n);
      const double angle = 4 * r + 2 * std::numbers::pi * c / 3 + o.noise * z;
      Points& dst = (i % 5 == 4) ? test : train;
      dst.x.push_back(float(r * std::sin(angle)));
      dst.x.push_back(float(r * std::cos(angle)));
      dst.y.push_back(c);
    }
  }
}

std::vector<std::int64_t> epoch_order(std::uint64_t seed, std::int64_t epoch, std::int64_t n) {
  std::vector<std::int64_t> order(n);
  for (std::int64_t i = 0; i < n; ++i) order[i] = i;
  random::Rng rng(seed, "demo/shuffle", std::uint64_t(epoch));
  for (std::int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(std::uint64_t(i + 1))]);
  return order;
}

double accuracy(const MLP& model, const Points& p) {
  NoGradGuard no_grad;
  const std::int64_t n = std::int64_t(p.y.size());
  const Tensor logits = model(Tensor::from(Shape{n, 2}, p.x));
  const TopK best = topk(logits, 1);
  std::int64_t correct = 0;
  for (std::int64_t i = 0; i < n; ++i) correct += best.indices[i] == p.y[i];
  return double(correct) / double(n);
}

}  // namespace

SpiralDemoResult run_spiral_demo(const SpiralDemoOptions& o,
                                 const std::function<void(const SpiralEpoch&)>& on_epoch) {
  Points train, test;
  make_spirals(o, train, test);
  MLP model({2, o.hidden, o.hidden, 3});
  model.init(o.seed);
  AdamOptions adam;
  adam.lr = o.lr;
  Adam optimizer(model.named_parameters(), adam);
  std::int64_t step = 0;
  if (!o.resume_from.empty()) {
    model.load(o.resume_from + ".model");
    optimizer.load_state(o.resume_from + ".optim");
    step = optimizer.step_count();
  }

  const std::int64_t n = std::int64_t(train.y.size());
  const std::int64_t per_epoch = (n + o.batch_size - 1) / o.batch_size;
  SpiralDemoResult result;
  const std::int64_t last = o.max_steps > 0 ? o.max_steps : o.epochs * per_epoch;
  double loss_sum = 0;
  std::int64_t loss_count = 0;
  while (step < last) {
    const std::int64_t epoch = step / per_epoch, b = step % per_epoch;
    const std::vector<std::int64_t> order = epoch_order(o.seed, epoch, n);
    const std::int64_t lo = b * o.batch_size, hi = std::min(n, lo + o.batch_size);
    std::vector<float> xb;
    std::vector<std::int64_t> yb;
    for (std::int64_t k = lo; k < hi; ++k) {
      xb.push_back(train.x[2 * order[k]]);
      xb.push_back(train.x[2 * order[k] + 1]);
      yb.push_back(train.y[order[k]]);
    }
    optimizer.zero_grad();
    Tensor loss = softmax_cross_entropy(model(Tensor::from(Shape{hi - lo, 2}, xb)), yb);
    loss.backward();
    optimizer.step();
    loss_sum += loss.item();
    ++loss_count;
    ++step;
    if (step % per_epoch == 0) {
      SpiralEpoch e{step / per_epoch, loss_sum / double(loss_count), accuracy(model, test)};
      result.epochs.push_back(e);
      if (on_epoch) on_epoch(e);
      loss_sum = 0;
      loss_count = 0;
    }
  }
  result.steps = step;
  result.final_test_accuracy = accuracy(model, test);
  for (const Tensor& p : model.parameters()) {
    const float* v = p.data<float>();
    result.parameters.insert(result.parameters.end(), v, v + p.numel());
  }
  if (!o.save_to.empty()) {
    model.save(o.save_to + ".model");
    optimizer.save_state(o.save_to + ".optim");
  }
  return result;
}

}  // namespace simrec::nn::examples
