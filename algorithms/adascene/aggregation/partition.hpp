#pragma once
// Partition of scenarios into G groups by affinity (SPEC §6 scene aggregation, after stage 1).
//
// Graph: nodes = the n scenarios to group; an undirected edge {i, j} of weight
//   w_ij = sym_ij - centre
// for every pair the stage-1 affinity kept (sparse_affinity.hpp: sym = the mean of the measured ones
// of a_ij, a_ji; centre = the mean sym over every measured pair), so "more affine than the average
// pair" is positive; without the centring an all-positive affinity would reward one giant group and
// G - 1 singletons. A pair measured in neither direction (the mini-batch approximation never
// measured it) or not kept by the neighbour limit gets no edge, i.e. weight 0 = the average pair:
// counting it as affinity 0 would instead tie the often-measured head scenarios together by
// traffic alone. Edges of weight exactly 0 are left out. Stored as a Boost.Graph adjacency_list.
//
// Objective (maximised over partitions P into exactly G non-empty groups), one of:
//   sum    Q(P) = sum over groups g of W(g),   W(g) = sum over i < j in g of w_ij
//   ratio  Q(P) = sum over groups g of W(g) / |g|   ("ratio association"; with the diagonal counted
//          it is the kernel k-means objective with the affinity as kernel)
// Under `sum` a group's pull on a node is its summed link, which grows with the group's size: on
// a noisy affinity (zero-mean link noise of variance ~ |g|) the biggest group wins most argmaxes and
// the groups that are big early keep growing (algorithms/README-adascene.md, table 4 at 20,000
// scenarios). Under `ratio` a node joins B from A for
//   gain = (W(B) + l_B) / (|B| + 1) - W(B) / |B|  +  (W(A) - l_A) / (|A| - 1) - W(A) / |A|
// (l_g = the node's summed link to the members of g): B must offer a link above its own mean
// internal weight per member, W(B) / |B|, and the excess counts divided by |B| + 1, so a big group
// does not win by its size alone; a node with no edge (l = 0 everywhere) joins the group that
// loses least, the smallest W(g) / (|g| (|g| + 1)).
// Maximising Q for a given G is NP-hard in general (`sum` contains max-cut for G = 2 with negated
// weights); the algorithm is a heuristic with no approximation guarantee, the same steps for both
// objectives with the objective's gain:
//   1. greedy agglomerative merging: start from singletons and merge the two groups A, B whose
//      merge gains most (sum: the inter-weight W(A, B) = sum_{i in A, j in B} w_ij; ratio:
//      (W(A) + W(B) + W(A, B)) / (|A| + |B|) - W(A) / |A| - W(B) / |B|), until G groups remain
//      (a merge with a negative gain is still taken: the count must reach G); ties go to the
//      smallest (A, B) in group-label order (labels = lowest member, as created).
//   2. local moves: sweep the nodes in ascending order; move a node to the group of largest gain
//      (sum: sum_{u in target} w_uv - sum_{u in own, u != v} w_uv; ratio: as above) when that gain
//      exceeds 1e-12 and its own group keeps a member (ties: lowest target label); repeat until a
//      sweep moves nothing (at most kMaxSweeps sweeps, a guard against rounding cycles).
//      Q rises with every move, so this ends, in a partition no single move improves
//      (a 1-move local optimum; the tests check exactly that, plus equality with the brute-force
//      optimum on planted block graphs, and report how often it equals the optimum on random ones).
// Groups are then relabelled 0..G-1 by their lowest node. Deterministic (no hashing, fixed orders).
// Cost: merging O(n^2) memory and O(n^2) per merge in the worst case (cached row maxima make it
// O(n) for most merges), O(n^3) worst case overall -- which is why large S merges only a head of
// merge_nodes scenarios (below); one sweep of local moves O(n G + edges).

#include <cstdint>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "algorithms/adascene/aggregation/sparse_affinity.hpp"

namespace simrec::algorithms::adascene::aggregation {

using AffinityGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                            boost::property<boost::edge_weight_t, double>>;

// The graph over `nodes` (scenario ids, node k = nodes[k]) of a stage-1 affinity; pairs with an
// end outside `nodes` are left out.
AffinityGraph affinity_graph(const SparseAffinity& affinity, const std::vector<std::uint32_t>& nodes);

// The same for a dense n x n affinity (row-major; the diagonal is ignored) over all n nodes;
// `observed` (n x n, or empty: all observed) marks the measured entries.
AffinityGraph affinity_graph(const std::vector<double>& affinity, std::uint32_t n, const std::vector<bool>& observed = {});

enum class PartitionObjective { Sum, Ratio };

// Q of a grouping (group[v] per node).
double partition_objective(const AffinityGraph& graph, const std::vector<std::uint32_t>& group,
                           PartitionObjective objective = PartitionObjective::Sum);

struct Partition {
  std::vector<std::uint32_t> group;  // per node, in [0, G)
  double objective = 0;              // Q
  std::uint64_t moves = 0;           // local moves taken
};

// Greedy merging + local moves. Requires 1 <= groups <= num_vertices (asserted: callers check
// user input and name the option).
//
// merge_nodes = M in [groups, n) (large S): only nodes 0 .. M - 1 (the caller puts the most
// trafficked scenarios first: the head of sparse_affinity.hpp) go through the merging, on the
// edges among them; then every later node, in order, joins the group of largest gain (sum: the total
// weight to its members assigned so far, no edge: 0; ratio: the gain above; ties: the lowest
// group), and the local moves run over
// all n nodes. This bounds the merging's O(n^2) memory and O(n^3) time by M (2000: 32 MB, seconds).
// merge_nodes = 0 or >= n: every node is merged, as above.
Partition partition_graph(const AffinityGraph& graph, std::uint32_t groups, std::uint32_t merge_nodes = 0,
                          PartitionObjective objective = PartitionObjective::Sum);

// Only the merging phase (for the tests and the README's comparison).
std::vector<std::uint32_t> greedy_merge(const AffinityGraph& graph, std::uint32_t groups,
                                        PartitionObjective objective = PartitionObjective::Sum);

inline constexpr int kMaxSweeps = 1000;

}  // namespace simrec::algorithms::adascene::aggregation
