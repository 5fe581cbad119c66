// Scene aggregation at large S: the sparse affinity (sparse_affinity.hpp) against a dense matrix
// by hand, the head-limited pair selection, and the head-first partition (partition.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "algorithms/adascene/aggregation/partition.hpp"
#include "algorithms/adascene/aggregation/sparse_affinity.hpp"
#include "sim/random/philox.hpp"

using namespace simrec;
using namespace simrec::algorithms::adascene::aggregation;

namespace {

// n x n affinity with `blocks` planted groups (node v in block v % blocks): within 1 + noise,
// across noise, noise uniform in [0, spread).
std::vector<double> planted(std::uint32_t n, std::uint32_t blocks, double spread, std::uint64_t seed) {
  random::Rng rng(seed, "tests/sparse_affinity", n);
  std::vector<double> a(std::size_t(n) * n, 0.0);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t j = 0; j < n; ++j)
      if (i != j) a[std::size_t(i) * n + j] = (i % blocks == j % blocks ? 1.0 : 0.0) + spread * rng.uniform();
  return a;
}

std::vector<std::uint32_t> iota(std::uint32_t n) {
  std::vector<std::uint32_t> v(n);
  for (std::uint32_t k = 0; k < n; ++k) v[k] = k;
  return v;
}

}  // namespace

TEST_CASE("sparse affinity without a limit: every measured pair, its symmetrised value and the mean", "[aggregation]") {
  // a01 = 1, a10 = 3 (both measured), a02 = 0.5 (one way), (1, 2) never measured.
  const std::vector<double> a{0, 1, 0.5, 3, 0, 0, 0, 0, 0};
  const std::vector<bool> seen{false, true, true, true, false, false, false, false, false};
  const SparseAffinity s = sparse_from_dense(a, 3, seen);
  REQUIRE(s.pairs.size() == 2);
  CHECK(s.measured_pairs == 2);
  CHECK(s.measured_ordered == 3);
  CHECK(s.pairs[0].i == 0);
  CHECK(s.pairs[0].j == 1);
  CHECK(s.pairs[0].sym() == 2.0);
  CHECK(s.pairs[1].sym() == 0.5);
  CHECK(s.centre == 1.25);
  CHECK(s.dense() == a);
  CHECK(s.kept() == seen);
}

TEST_CASE("sparse affinity with a head: all head pairs, each tail scenario's m strongest head pairs, no tail-tail pairs", "[aggregation]") {
  // 5 scenarios, head {0, 1}; symmetric values so sym = a.
  //        0    1    2    3    4
  const std::vector<double> a{0, 2, 5, 1, 1,   //
                              2, 0, 0, 4, 1,   //
                              5, 0, 0, 9, 9,   //
                              1, 4, 9, 0, 9,   //
                              1, 1, 9, 9, 0};
  PairLimit limit;
  limit.head = {true, true, false, false, false};
  limit.neighbours = 1;
  const SparseAffinity s = sparse_from_dense(a, 5, {}, limit);
  // Used: (0,1) + 3 tails x 2 head = 7 pairs, mean (2 + 5 + 0 + 1 + 4 + 1 + 1) / 7 = 2.
  CHECK(s.measured_pairs == 7);
  CHECK(s.centre == Approx(2.0));
  // Tail 2: |5 - 2| = 3 (with 0) beats |0 - 2| = 2 (with 1); tail 3: |4 - 2| = 2 beats |1 - 2|;
  // tail 4: |1 - 2| = 1 both ways, the smaller partner id (0) wins.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> kept;
  for (const AffinityPair& p : s.pairs) kept.emplace_back(p.i, p.j);
  CHECK(kept == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 1}, {0, 2}, {0, 4}, {1, 3}});
  // Pairs offered in another order give the same selection (the rule, not the arrival order, decides).
  PairCollector c(5, limit, 2.0);
  for (auto [i, j] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{4, 1}, {3, 0}, {2, 1}, {1, 0}, {4, 0}, {3, 1}, {2, 0}, {3, 4}})
    c.add(i, j, a[i * 5 + j], true, a[j * 5 + i], true);
  const SparseAffinity t = c.take();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> kept2;
  for (const AffinityPair& p : t.pairs) kept2.emplace_back(p.i, p.j);
  CHECK(kept2 == kept);
  CHECK(t.measured_pairs == 7);  // (3, 4) is a tail-tail pair: ignored
}

TEST_CASE("affinity graph: the sparse and the dense route give the same edges", "[aggregation]") {
  const std::vector<double> a = planted(9, 3, 0.5, 4);
  const AffinityGraph dense = affinity_graph(a, 9);
  const AffinityGraph sparse = affinity_graph(sparse_from_dense(a, 9), iota(9));
  REQUIRE(boost::num_edges(dense) == boost::num_edges(sparse));
  const std::vector<std::uint32_t> group = {0, 1, 2, 0, 1, 2, 0, 1, 2};
  CHECK(partition_objective(dense, group) == partition_objective(sparse, group));
  // A subset of nodes: node k = scenario nodes[k]; pairs leaving the subset are dropped.
  const AffinityGraph sub = affinity_graph(sparse_from_dense(a, 9), {2, 5, 8});
  CHECK(boost::num_vertices(sub) == 3);
  CHECK(boost::num_edges(sub) == 3);
}

TEST_CASE("head-first partition: the head is merged, the rest attach to the planted groups", "[aggregation]") {
  for (std::uint32_t blocks : {2u, 3u, 4u}) {
    const std::uint32_t n = 40;
    const std::vector<double> a = planted(n, blocks, 0.6, 10 + blocks);
    PairLimit limit;
    const std::uint32_t head = 12;
    limit.head.assign(n, false);
    for (std::uint32_t k = 0; k < head; ++k) limit.head[k] = true;
    limit.neighbours = 4;
    const SparseAffinity s = sparse_from_dense(a, n, {}, limit);
    CHECK(s.pairs.size() == head * (head - 1) / 2 + (n - head) * 4);
    const Partition p = partition_graph(affinity_graph(s, iota(n)), blocks, head);
    INFO("blocks = " << blocks);
    for (std::uint32_t v = 0; v < n; ++v) CHECK(p.group[v] == p.group[v % blocks]);
    for (std::uint32_t b = 0; b < blocks; ++b)
      for (std::uint32_t c = b + 1; c < blocks; ++c) CHECK(p.group[b] != p.group[c]);
  }
}

TEST_CASE("head-first partition with the head = every node is the plain partition", "[aggregation]") {
  const std::vector<double> a = planted(10, 2, 2.0, 3);
  const AffinityGraph g = affinity_graph(a, 10);
  const Partition all = partition_graph(g, 3);
  CHECK(partition_graph(g, 3, 10).group == all.group);
  CHECK(partition_graph(g, 3, 0).group == all.group);
}
