// Shape ops (permute, transpose, slice, pad, concat, split, unsqueeze, squeeze): values by hand,
// float64 finite-difference gradients (linear ops, no kinks: step 1e-6,
// |a - n| <= 1e-7 + 1e-5 |n|), reference vs optimised kernels (pure data movement, so compared
// bit-for-bit on sizes above the parallel threshold), and error messages.
#include <catch2/catch.hpp>

#include "support/nn_testing.hpp"

using namespace simrec::nn;
using namespace simrec::testing;

namespace {
Tensor iota_tensor(const Shape& s) {
  std::vector<double> v(s.numel());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = double(i);
  return Tensor::from(s, v);
}
Tensor leaf(const Shape& s, std::uint64_t seed, DType dtype = DType::F64) {
  return random_tensor(s, seed, -1, 1, dtype).set_requires_grad(true);
}
}  // namespace

TEST_CASE("permute and transpose: values", "[nn][op:permute][op:transpose]") {
  const Tensor x = iota_tensor({2, 3, 4});  // x[a, b, c] = 12a + 4b + c
  const Tensor y = permute(x, {2, 0, 1});   // y[c, a, b] = x[a, b, c]
  CHECK(y.shape() == Shape{4, 2, 3});
  const auto v = y.to_vector();
  CHECK(v[0] == 0);
  CHECK(v[1] == 4);                  // y[0, 0, 1] = x[0, 1, 0]
  CHECK(v[3] == 12);                 // y[0, 1, 0] = x[1, 0, 0]
  CHECK(v[3 * 6 + 5] == 12 + 8 + 3);  // y[3, 1, 2] = x[1, 2, 3]
  const Tensor t = transpose(iota_tensor({2, 3}), 0, -1);
  CHECK(t.shape() == Shape{3, 2});
  CHECK(t.to_vector() == std::vector<double>{0, 3, 1, 4, 2, 5});
  CHECK(permute(iota_tensor({2, 3, 4, 5}), {3, 2, 1, 0}).to_vector()[1] == 60);  // y[0,0,0,1] = x[1,0,0,0]
}

TEST_CASE("slice, pad, concat, split: values", "[nn][op:slice][op:pad][op:concat][op:split]") {
  const Tensor x = iota_tensor({2, 4});  // [[0 1 2 3] [4 5 6 7]]
  CHECK(slice(x, 1, 1, 2).to_vector() == std::vector<double>{1, 2, 5, 6});
  CHECK(slice(x, 0, 1, 1).to_vector() == std::vector<double>{4, 5, 6, 7});
  CHECK(slice(x, -1, 4, 0).shape() == Shape{2, 0});
  CHECK(pad(slice(x, 1, 1, 2), 1, 1, 2).to_vector() ==
        std::vector<double>{0, 1, 2, 0, 0, 0, 5, 6, 0, 0});
  const Tensor a = iota_tensor({2, 1});
  CHECK(concat({x, a}, 1).to_vector() == std::vector<double>{0, 1, 2, 3, 0, 4, 5, 6, 7, 1});
  CHECK(concat({a, a, a}, 0).to_vector() == std::vector<double>{0, 1, 0, 1, 0, 1});
  const auto parts = split(x, 1, {1, 0, 3});
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].to_vector() == std::vector<double>{0, 4});
  CHECK(parts[1].shape() == Shape{2, 0});
  CHECK(parts[2].to_vector() == std::vector<double>{1, 2, 3, 5, 6, 7});
  CHECK(unsqueeze(x, 0).shape() == Shape{1, 2, 4});
  CHECK(unsqueeze(x, -1).shape() == Shape{2, 4, 1});
  CHECK(unsqueeze(x, 1).shape() == Shape{2, 1, 4});
  CHECK(squeeze(unsqueeze(x, 1), 1).shape() == Shape{2, 4});
}

TEST_CASE("shape ops: finite-difference gradients", "[nn][gradcheck][op:permute][op:transpose][op:slice][op:pad][op:concat][op:split][op:unsqueeze][op:squeeze]") {
  CHECK(gradcheck("permute", [](auto& x) { return permute(x[0], {1, 2, 0}); }, {leaf({2, 3, 4}, 1)}) == "");
  CHECK(gradcheck("permute 4-D", [](auto& x) { return permute(x[0], {3, 1, 0, 2}); }, {leaf({2, 3, 2, 3}, 2)}) == "");
  CHECK(gradcheck("transpose", [](auto& x) { return transpose(x[0], 0, 1); }, {leaf({3, 5}, 3)}) == "");
  CHECK(gradcheck("slice", [](auto& x) { return slice(x[0], 1, 1, 2); }, {leaf({3, 4, 2}, 4)}) == "");
  CHECK(gradcheck("pad", [](auto& x) { return pad(x[0], 0, 2, 1); }, {leaf({2, 3}, 5)}) == "");
  Tensor frozen = random_tensor({2, 2, 3}, 6);
  CHECK(gradcheck("concat", [](auto& x) { return concat({x[0], x[1], x[2]}, 1); },
                  {leaf({2, 1, 3}, 7), frozen, leaf({2, 4, 3}, 8)}) == "");
  CHECK(gradcheck("split", [](auto& x) {
          auto p = split(x[0], 0, {2, 1, 3});
          return concat({p[2], mul(p[0], p[0]), p[1]}, 0);  // parts reused out of order
        }, {leaf({6, 2}, 9)}) == "");
  CHECK(gradcheck("unsqueeze/squeeze", [](auto& x) { return squeeze(unsqueeze(x[0], 1), 2); },
                  {leaf({3, 1}, 10)}) == "");
}

TEST_CASE("shape ops: optimised kernels match the reference", "[nn][kernels][op:permute][op:slice][op:pad][op:concat]") {
  // Every case moves > kGrain (16384) elements, so the OpenMP path runs.
  const Tensor x = leaf({40, 50, 30}, 11, DType::F32);
  CHECK(compare_kernel_paths("permute", [](auto& v) { return permute(v[0], {2, 0, 1}); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("permute last kept", [](auto& v) { return permute(v[0], {1, 0, 2}); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("transpose 4-D", [](auto& v) { return transpose(reshape(v[0], {8, 5, 50, 30}), 1, 3); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("slice", [](auto& v) { return slice(v[0], 1, 7, 31); }, {x}, 0, 0) == "");
  CHECK(compare_kernel_paths("pad", [](auto& v) { return pad(v[0], 2, 3, 5); }, {x}, 0, 0) == "");
  const Tensor y = leaf({40, 20, 30}, 12, DType::F32);
  CHECK(compare_kernel_paths("concat", [](auto& v) { return concat({v[1], v[0], v[1]}, 1); }, {x, y}, 0, 0) == "");
}

TEST_CASE("shape ops: misuse names the op and the shapes", "[nn][errors][op:permute][op:slice][op:concat][op:split]") {
  const Tensor x = Tensor::zeros({2, 3});
  CHECK_THROWS_WITH(permute(x, {0, 0}), Catch::Contains("permute") && Catch::Contains("repeated"));
  CHECK_THROWS_WITH(permute(x, {1, 0, 2}), Catch::Contains("permute") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(transpose(x, 0, 2), Catch::Contains("transpose") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(slice(x, 1, 2, 2), Catch::Contains("slice") && Catch::Contains("[2, 4)") && Catch::Contains("f32[2, 3]"));
  CHECK_THROWS_WITH(slice(x, 0, -1, 1), Catch::Contains("slice"));
  CHECK_THROWS_WITH(pad(x, 0, -1, 0), Catch::Contains("pad") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(concat({x, Tensor::zeros({3, 3})}, 1),
                    Catch::Contains("concat") && Catch::Contains("[3, 3]") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(concat({x, Tensor::zeros({2, 3}, DType::F64)}, 0), Catch::Contains("concat") && Catch::Contains("dtype"));
  CHECK_THROWS_WITH(concat({}, 0), Catch::Contains("concat"));
  CHECK_THROWS_WITH(split(x, 1, {1, 1}), Catch::Contains("split") && Catch::Contains("[2, 3]") && Catch::Contains("sum to 2"));
  CHECK_THROWS_WITH(squeeze(x, 0), Catch::Contains("squeeze") && Catch::Contains("[2, 3]"));
  CHECK_THROWS_WITH(unsqueeze(Tensor::zeros({1, 1, 1, 1}), 0), Catch::Contains("unsqueeze") && Catch::Contains("[1, 1, 1, 1]"));
}
