// Module: hierarchical names in PyTorch's order, shared tensors listed once, the train flag,
// zero_grad, seeded initialisation by full name, dtype conversion, and misuse errors.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {

struct Block : Module {
  Linear first{3, 4};
  Tensor scale;
  Linear second{4, 2, false};
  Block() {
    scale = register_parameter("scale", Tensor::zeros({4}), Init::ones());
    register_module("first", first);
    register_module("second", second);
  }
};

struct Net : Module {
  Tensor table;
  Block block;
  MLP tower{{2, 5, 1}};
  explicit Net(bool share) {
    table = register_parameter("table", Tensor::zeros({6, 3}), Init::normal(0, 1));
    register_module("block", block);
    register_module("tower", tower);
    if (share) register_parameter("alias", table, Init::zeros());  // the same tensor again
  }
};

std::vector<std::string> names(const Module& m) {
  std::vector<std::string> out;
  for (const auto& p : m.named_parameters()) out.push_back(p.name);
  return out;
}

}  // namespace

TEST_CASE("module: hierarchical names in registration order, own parameters first", "[nn][module]") {
  Net net(false);
  CHECK(names(net) == std::vector<std::string>{"table", "block.scale", "block.first.weight",
                                               "block.first.bias", "block.second.weight",
                                               "tower.0.weight", "tower.0.bias", "tower.1.weight",
                                               "tower.1.bias"});
  CHECK(net.parameter_count() == 18 + 4 + 16 + 8 + 10 + 5 + 5 + 1);
  for (const Tensor& p : net.parameters()) CHECK(p.requires_grad());
}

TEST_CASE("module: a tensor registered twice is listed once, under its first name", "[nn][module]") {
  Net net(true);
  const auto n = names(net);
  CHECK(std::count(n.begin(), n.end(), "alias") == 0);
  CHECK(n.size() == 9);
}

TEST_CASE("module: init draws each parameter from its full name only", "[nn][module][init]") {
  Net a(false), b(false);
  a.init(5);
  b.init(5);
  // A standalone Linear initialised under the same seed has different weights (other names) ...
  Linear alone(3, 4);
  alone.init(5);
  CHECK(alone.weight().to_vector() != a.block.first.weight().to_vector());
  // ... and the values are exactly those of the documented stream for the full name.
  const Tensor expect = Tensor::zeros({4, 3});
  init::kaiming_uniform(expect, std::sqrt(5.0), 5, "block.first.weight");
  CHECK(a.block.first.weight().to_vector() == expect.to_vector());
  CHECK(a.block.scale.to_vector() == std::vector<double>(4, 1.0));
  // Same seed, same names -> same values; a different seed changes them.
  for (std::size_t i = 0; i < a.parameters().size(); ++i)
    CHECK(a.parameters()[i].to_vector() == b.parameters()[i].to_vector());
  b.init(6);
  CHECK(a.tower.layer(0).weight().to_vector() != b.tower.layer(0).weight().to_vector());
  // set_init replaces a rule by full name.
  a.set_init("tower.1.bias", Init::constant(0.5));
  a.init(5);
  CHECK(a.tower.layer(1).bias().item() == 0.5);
  CHECK_THROWS_WITH(a.set_init("tower.9.bias", Init::zeros()), Catch::Contains("tower.9.bias"));
}

TEST_CASE("module: adding a layer does not change the other layers' initial weights", "[nn][module][init]") {
  struct Small : Module {
    Linear a{3, 3};
    Small() { register_module("a", a); }
  };
  struct Bigger : Module {
    Linear extra{7, 2};
    Linear a{3, 3};
    Bigger() {
      register_module("extra", extra);
      register_module("a", a);
    }
  };
  Small s;
  Bigger g;
  s.init(9);
  g.init(9);
  CHECK(s.a.weight().to_vector() == g.a.weight().to_vector());
  CHECK(s.a.bias().to_vector() == g.a.bias().to_vector());
}

TEST_CASE("module: train flag, zero_grad and dtype conversion reach every descendant", "[nn][module]") {
  Net net(false);
  net.init(1);
  net.eval();
  CHECK_FALSE(net.training());
  CHECK_FALSE(net.block.first.training());
  net.train();
  CHECK(net.tower.layer(1).training());

  const Tensor x = random_tensor({2, 2}, 3, -1, 1, DType::F32);
  sum_all(net.tower(x)).backward();
  CHECK(net.tower.layer(0).weight().grad().defined());
  net.zero_grad();
  CHECK_FALSE(net.tower.layer(0).weight().grad().defined());

  const Tensor w = net.tower.layer(0).weight();
  const auto before = w.to_vector();
  net.to(DType::F64);
  CHECK(w.dtype() == DType::F64);  // same tensor object, converted in place
  CHECK(w.to_vector() == before);
  CHECK(net.tower(random_tensor({2, 2}, 3)).dtype() == DType::F64);
}

TEST_CASE("module: misuse is refused with a message", "[nn][module][errors]") {
  Linear lin(3, 2);
  CHECK_THROWS_WITH(lin(Tensor::zeros({1, 3})), Catch::Contains("Linear") && Catch::Contains("not initialised"));
  struct Bad : Module {
    explicit Bad(int which) {
      if (which == 0) register_parameter("a.b", Tensor::zeros({1}), Init::zeros());
      if (which == 1) {
        register_parameter("a", Tensor::zeros({1}), Init::zeros());
        register_parameter("a", Tensor::zeros({1}), Init::zeros());
      }
    }
  };
  CHECK_THROWS_WITH(Bad(0), Catch::Contains("'a.b'"));
  CHECK_THROWS_WITH(Bad(1), Catch::Contains("'a'") && Catch::Contains("twice"));
}

TEST_CASE("module: save and load round trip into a fresh module", "[nn][module][checkpoint]") {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("simrec_module_" + std::to_string(::getpid()) + ".ckpt")).string();
  Net a(false);
  a.init(3);
  a.save(path);
  Net b(false);
  CHECK_FALSE(b.initialized());
  b.load(path);
  CHECK(b.initialized());
  CHECK(b.block.first.initialized());
  for (std::size_t i = 0; i < a.parameters().size(); ++i)
    CHECK(a.parameters()[i].to_vector() == b.parameters()[i].to_vector());
  Linear other(3, 4);
  CHECK_THROWS_WITH(other.load(path), Catch::Contains(path) && Catch::Contains("'weight'"));
  std::filesystem::remove(path);
}
