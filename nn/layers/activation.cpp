#include "nn/layers/activation.hpp"

#include "nn/ops/unary.hpp"

namespace simrec::nn {

Tensor activate(Activation a, const Tensor& x) {
  switch (a) {
    case Activation::None: return x;
    case Activation::Relu: return relu(x);
    case Activation::Tanh: return tanh(x);
    case Activation::Sigmoid: return sigmoid(x);
  }
  return x;
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::None: return "none";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
  }
  return "?";
}

Activation parse_activation(const std::string& name) {
  for (Activation a : {Activation::None, Activation::Relu, Activation::Tanh, Activation::Sigmoid})
    if (name == activation_name(a)) return a;
  fail("activation", "unknown activation '", name, "' (allowed: none, relu, tanh, sigmoid)");
}

}  // namespace simrec::nn
