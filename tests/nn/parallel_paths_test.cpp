// Optimised vs reference kernels on tensors above kParallelElements (2^19 elements,
// nn/kernels/cpu/families.hpp), so the OpenMP paths of cheap element-wise work run: binary ops on
// every broadcast layout, cheap unary ops and their gradients, copy_axis (slice / concat),
// contiguous permute, and the column-split sum of a bias gradient. All of these compute each
// output element exactly as the reference does, so they must agree bit for bit (rtol = atol = 0),
// forward and gradients.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {
Tensor leaf(const Shape& s, std::uint64_t seed, double lo = -1, double hi = 1) {
  return random_tensor(s, seed, lo, hi, DType::F32).set_requires_grad(true);
}
}  // namespace

TEST_CASE("cheap element-wise kernels on the parallel path match the reference bit for bit", "[nn][kernels][op:add][op:mul][op:relu][op:affine]") {
  for (auto [sa, sb] : std::vector<std::pair<Shape, Shape>>{
           {{1024, 600}, {1024, 600}}, {{1024, 600}, {600}}, {{1024, 600}, {1024, 1}},
           {{1024, 600}, {}}, {{8, 64, 2, 600}, {64, 1, 600}}}) {
    INFO("shapes " << sa.str() << " " << sb.str());
    const Tensor a = leaf(sa, 1), b = leaf(sb, 2, 0.5, 2);
    CHECK(compare_kernel_paths("add", [](auto& x) { return add(x[0], x[1]); }, {a, b}, 0, 0) == "");
    CHECK(compare_kernel_paths("mul", [](auto& x) { return mul(x[0], x[1]); }, {a, b}, 0, 0) == "");
  }
  const Tensor x = leaf({1024, 600}, 3);
  CHECK(compare_kernel_paths("relu", [](auto& v) { return relu(v[0]); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("affine", [](auto& v) { return affine(v[0], -1.5, 0.25); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("sigmoid", [](auto& v) { return sigmoid(v[0]); }, {x}, 0, 0) == "");
}

TEST_CASE("copies and the bias-gradient sum on the parallel path match the reference bit for bit", "[nn][kernels][op:slice][op:concat][op:permute][op:sum]") {
  const Tensor x = leaf({1024, 600}, 4), y = leaf({1024, 300}, 5);
  CHECK(compare_kernel_paths("slice", [](auto& v) { return slice(v[0], 1, 50, 550); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("concat", [](auto& v) { return concat({v[0], v[1]}, 1); }, {x, y}, 0, 0) == "");
  const Tensor z = leaf({8, 128, 600}, 6);
  CHECK(compare_kernel_paths("permute", [](auto& v) { return permute(v[0], {1, 0, 2}); }, {z}, 0, 0) == "");
  // [1024, 600] summed over rows: one [D, I] block, columns split over threads.
  CHECK(compare_kernel_paths("sum axis 0", [](auto& v) { return sum(v[0], {0}); }, {x}, 0, 0) == "");
}
