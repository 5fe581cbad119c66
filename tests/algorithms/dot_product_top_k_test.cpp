// Exact top-k serving (algorithms/common/dot_product_top_k.hpp) against a brute-force sort of
// every score: same items in the same order (ties by the lower index), excluded items absent,
// short lists when fewer than k items are eligible, any block split.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "algorithms/common/dot_product_top_k.hpp"
#include "sim/random/distributions.hpp"

using namespace simrec;

namespace {
nn::Tensor random_matrix(std::int64_t rows, std::int64_t cols, std::uint64_t seed, bool coarse) {
  std::vector<float> v(std::size_t(rows * cols));
  random::Rng rng(seed, "test/top_k", 0);
  // Coarse values (multiples of 1/4 in [-1, 1]) make exact ties common.
  for (float& x : v) x = coarse ? float(int(rng.below(9)) - 4) / 4.0f : float(random::normal(rng, 0, 1));
  return nn::Tensor::from({rows, cols}, v);
}
}  // namespace

TEST_CASE("dot_product_top_k equals a brute-force sort", "[algorithms][top_k]") {
  for (bool coarse : {false, true}) {
    const std::int64_t Q = 37, V = 301, D = 5;
    const nn::Tensor users = random_matrix(Q, D, 1 + coarse, coarse), items = random_matrix(V, D, 2 + coarse, coarse);
    const nn::Tensor bias = random_matrix(1, V, 3, coarse).detach();
    const nn::Tensor bias_v = nn::Tensor::from({V}, std::vector<float>(bias.data<float>(), bias.data<float>() + V));
    // Query q excludes items q, q + 7, and (for q = 0) everything but 3 items.
    const auto excluded = [&](std::size_t q) {
      std::vector<std::int64_t> e;
      if (q == 0) {
        for (std::int64_t j = 3; j < V; ++j) e.push_back(j);
      } else {
        e = {std::int64_t(q), std::int64_t(q) + 7, V + 5};  // an id outside the table is ignored
      }
      return e;
    };
    algorithms::RankedLists out;
    const int k = 12;
    algorithms::dot_product_top_k(
        [&](std::size_t first, std::size_t count) {
          std::vector<float> v(users.data<float>() + first * D, users.data<float>() + (first + count) * D);
          return nn::Tensor::from({std::int64_t(count), D}, v);
        },
        std::size_t(Q), items, bias_v, k, excluded, out);
    REQUIRE(out.offsets.size() == std::size_t(Q) + 1);
    for (std::int64_t q = 0; q < Q; ++q) {
      std::vector<double> s(V);  // float arithmetic in the same order as a plain dot product
      for (std::int64_t j = 0; j < V; ++j) {
        float acc = 0;
        for (std::int64_t d = 0; d < D; ++d) acc += users.data<float>()[q * D + d] * items.data<float>()[j * D + d];
        s[j] = double(acc + bias_v.data<float>()[j]);
      }
      const auto ex = excluded(std::size_t(q));
      std::vector<std::int64_t> idx;
      for (std::int64_t j = 0; j < V; ++j)
        if (std::find(ex.begin(), ex.end(), j) == ex.end()) idx.push_back(j);
      std::stable_sort(idx.begin(), idx.end(), [&](auto a, auto b) { return s[a] > s[b]; });
      idx.resize(std::min<std::size_t>(idx.size(), k));
      const std::vector<std::int64_t> got(out.items.begin() + out.offsets[q], out.items.begin() + out.offsets[q + 1]);
      INFO("query " << q << " coarse " << coarse);
      if (coarse) {
        CHECK(got == idx);  // exact small values: no rounding differences, ties by index
      } else {
        // Continuous values: compare as sets of scores (GEMM summation order may differ in the last bit).
        REQUIRE(got.size() == idx.size());
        for (std::size_t i = 0; i < got.size(); ++i) CHECK(s[got[i]] == Approx(s[idx[i]]).epsilon(1e-5));
      }
    }
    CHECK(out.offsets[1] - out.offsets[0] == 3);  // query 0 had only 3 eligible items
  }
}

TEST_CASE("dot_product_top_k rejects k <= 0", "[algorithms][top_k][errors]") {
  algorithms::RankedLists out;
  const nn::Tensor items = nn::Tensor::zeros({4, 2});
  CHECK_THROWS_WITH(algorithms::dot_product_top_k([](std::size_t, std::size_t c) { return nn::Tensor::zeros({std::int64_t(c), 2}); }, 1,
                                                  items, nn::Tensor(), 0, [](std::size_t) { return std::vector<std::int64_t>{}; }, out),
                    Catch::Contains("k = 0"));
}
