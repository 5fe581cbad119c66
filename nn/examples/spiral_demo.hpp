#pragma once
// The engine demo: an MLP (2 -> 64 -> 64 -> 3, ReLU) trained with Adam on softmax cross-entropy
// to separate three interleaved spirals (a classic non-linear toy problem), generated from the
// counter-based RNG. Used by `simrec demo` and by the engine's determinism and checkpoint-resume
// tests.
//
// Data: class c in {0,1,2}, point i of n: r = i / n, angle = 4 r + 2 pi c / 3 + noise,
// x = (r sin angle, r cos angle); noise ~ N(0, noise^2) (Box-Muller on the stream "demo/points").
// Every 5th point is held out for testing. Batches: each epoch is a permutation of the training
// points (Fisher-Yates on the stream "demo/shuffle", index = epoch), cut into batches of
// batch_size (the last one smaller). Step s of training is always the same batch, so training can
// stop after any step, checkpoint, and resume bit for bit.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace simrec::nn::examples {

struct SpiralDemoOptions {
  std::uint64_t seed = 1;
  std::int64_t points_per_class = 300;
  double noise = 0.15;
  std::int64_t epochs = 30;
  std::int64_t batch_size = 64;
  double lr = 0.01;
  std::int64_t hidden = 64;
  // Stop after this many optimizer steps in total (0 = run all epochs); counts resumed steps.
  std::int64_t max_steps = 0;
  std::string resume_from;  // checkpoint prefix written by an earlier run (model + optimizer)
  std::string save_to;      // checkpoint prefix to write at the end
};

struct SpiralEpoch {
  std::int64_t epoch = 0;
  double train_loss = 0;     // mean over the epoch's batches
  double test_accuracy = 0;
};

struct SpiralDemoResult {
  std::vector<SpiralEpoch> epochs;
  double final_test_accuracy = 0;
  std::int64_t steps = 0;                  // optimizer steps taken in total
  std::vector<float> parameters;           // every parameter, flattened in module order
};

// Runs the demo; `on_epoch` (optional) is called after each completed epoch.
SpiralDemoResult run_spiral_demo(const SpiralDemoOptions& options,
                                 const std::function<void(const SpiralEpoch&)>& on_epoch = {});

}  // namespace simrec::nn::examples
