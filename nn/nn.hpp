#pragma once
// The simrec engine in one include: tensors, autodiff, ops, losses, layers, optimizers.
#include "nn/core/autograd.hpp"
#include "nn/core/tensor.hpp"
#include "nn/kernels/kernel_table.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/indexing.hpp"
#include "nn/ops/matmul.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/ops/reshape.hpp"
#include "nn/ops/shape_ops.hpp"
#include "nn/ops/unary.hpp"
