// simrec demo: trains the engine demo (nn/examples/spiral_demo.hpp) and prints loss and accuracy.
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "app/commands/cli_parse.hpp"
#include "app/commands/command.hpp"
#include "nn/examples/spiral_demo.hpp"

namespace po = boost::program_options;

namespace simrec::app {

int demo_command(const Args& args) {
  nn::examples::SpiralDemoOptions o;
  po::options_description desc("simrec demo: train an MLP on three generated spirals");
  desc.add_options()("help,h", "show this help")
      ("seed", po::value(&o.seed)->default_value(o.seed), "seed of data, initialisation and batch order")
      ("epochs", po::value(&o.epochs)->default_value(o.epochs), "training epochs (>= 1)")
      ("batch-size", po::value(&o.batch_size)->default_value(o.batch_size), "examples per step (>= 1)")
      ("lr", po::value(&o.lr)->default_value(o.lr), "Adam learning rate (> 0)")
      ("max-steps", po::value(&o.max_steps)->default_value(0), "stop after this many optimizer steps in total (0 = all epochs)")
      ("save", po::value(&o.save_to), "write model + optimizer checkpoint to PREFIX.model / PREFIX.optim")
      ("resume", po::value(&o.resume_from), "continue from a checkpoint written with --save")
      ("print-parameters", "print a hash of the final parameters (for reproducibility checks)");
  po::variables_map vm;
  if (auto rc = parse_command("demo", args, desc, nullptr, 0, vm)) return *rc;
  if (o.epochs < 1 || o.batch_size < 1 || !(o.lr > 0) || o.max_steps < 0) {
    std::cerr << "simrec demo: --epochs and --batch-size must be >= 1, --lr > 0, --max-steps >= 0\n";
    return 2;
  }
  std::printf("engine demo: MLP 2-%lld-%lld-3, Adam lr %g, batch %lld, three spirals of %lld points\n",
              (long long)o.hidden, (long long)o.hidden, o.lr, (long long)o.batch_size,
              (long long)o.points_per_class);
  std::printf("%6s %12s %14s\n", "epoch", "train loss", "test accuracy");
  const auto result = nn::examples::run_spiral_demo(o, [](const nn::examples::SpiralEpoch& e) {
    std::printf("%6lld %12.4f %14.3f\n", (long long)e.epoch, e.train_loss, e.test_accuracy);
    std::fflush(stdout);
  });
  std::printf("final test accuracy: %.3f after %lld steps\n", result.final_test_accuracy, (long long)result.steps);
  if (vm.count("print-parameters")) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the raw float bits
    for (float v : result.parameters) {
      std::uint32_t bits;
      std::memcpy(&bits, &v, 4);
      for (int k = 0; k < 4; ++k) {
        h ^= (bits >> (8 * k)) & 0xff;
        h *= 0x100000001b3ull;
      }
    }
    std::printf("parameter hash: %016llx\n", (unsigned long long)h);
  }
  return 0;
}

}  // namespace simrec::app
