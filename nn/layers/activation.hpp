#pragma once
// Activation choice for towers and experts, by name ("relu", "tanh", "sigmoid", "none") so
// scenario options can name it.

#include <string>

#include "nn/core/tensor.hpp"

namespace simrec::nn {

enum class Activation : std::uint8_t { None, Relu, Tanh, Sigmoid };

Tensor activate(Activation a, const Tensor& x);
const char* activation_name(Activation a);
// Throws naming the value and the allowed names.
Activation parse_activation(const std::string& name);

}  // namespace simrec::nn
