#include "algorithms/adascene/aggregation/partition.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace simrec::algorithms::adascene::aggregation {

namespace {

std::vector<std::uint32_t> relabel(const std::vector<std::uint32_t>& group) {
  std::vector<std::uint32_t> label(group.size(), std::numeric_limits<std::uint32_t>::max()), out(group.size());
  std::uint32_t next = 0;
  for (std::size_t v = 0; v < group.size(); ++v) {
    if (label[group[v]] == std::numeric_limits<std::uint32_t>::max()) label[group[v]] = next++;
    out[v] = label[group[v]];
  }
  return out;
}

// The ratio objective's change when a group of internal weight w and size n gains `link` of
// weight and one member (or, for the own group, loses them: w - link over n - 1).
double ratio_join(double w, double n, double link) { return (w + link) / (n + 1) - w / n; }
double ratio_leave(double w, double n, double link) { return (w - link) / (n - 1) - w / n; }

// W(g) (sum over i < j in g of w_ij) and |g| of a grouping; nodes with group >= groups are skipped.
void group_weights(const AffinityGraph& graph, const std::vector<std::uint32_t>& group, std::uint32_t groups, std::vector<double>& internal,
                   std::vector<double>& size) {
  internal.assign(groups, 0.0);
  size.assign(groups, 0.0);
  for (std::uint32_t g : group)
    if (g < groups) size[g] += 1;
  const auto weight = boost::get(boost::edge_weight, graph);
  for (auto [e, end] = boost::edges(graph); e != end; ++e) {
    const std::uint32_t a = group[boost::source(*e, graph)], b = group[boost::target(*e, graph)];
    if (a == b && a < groups) internal[a] += weight[*e];
  }
}

}  // namespace

AffinityGraph affinity_graph(const SparseAffinity& affinity, const std::vector<std::uint32_t>& nodes) {
  constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> node_of(affinity.num_scenarios, absent);
  for (std::size_t k = 0; k < nodes.size(); ++k) node_of[nodes[k]] = std::uint32_t(k);
  AffinityGraph g(nodes.size());
  for (const AffinityPair& p : affinity.pairs) {
    const std::uint32_t u = node_of[p.i], v = node_of[p.j];
    if (u == absent || v == absent) continue;
    const double s = p.sym();
    if (s != affinity.centre) boost::add_edge(std::min(u, v), std::max(u, v), s - affinity.centre, g);
  }
  return g;
}

AffinityGraph affinity_graph(const std::vector<double>& a, std::uint32_t n, const std::vector<bool>& observed) {
  std::vector<std::uint32_t> nodes(n);
  for (std::uint32_t k = 0; k < n; ++k) nodes[k] = k;
  return affinity_graph(sparse_from_dense(a, n, observed), nodes);
}

double partition_objective(const AffinityGraph& graph, const std::vector<std::uint32_t>& group, PartitionObjective objective) {
  double q = 0;
  if (objective == PartitionObjective::Ratio) {
    const std::uint32_t groups = group.empty() ? 0 : *std::max_element(group.begin(), group.end()) + 1;
    std::vector<double> internal, size;
    group_weights(graph, group, groups, internal, size);
    for (std::uint32_t g = 0; g < groups; ++g)
      if (size[g] > 0) q += internal[g] / size[g];
    return q;
  }
  const auto weight = boost::get(boost::edge_weight, graph);
  for (auto [e, end] = boost::edges(graph); e != end; ++e)
    if (group[boost::source(*e, graph)] == group[boost::target(*e, graph)]) q += weight[*e];
  return q;
}

std::vector<std::uint32_t> greedy_merge(const AffinityGraph& graph, std::uint32_t groups, PartitionObjective objective) {
  const std::size_t n = boost::num_vertices(graph);
  assert(groups >= 1 && groups <= n);
  // M[A][B]: total weight between groups A and B (a group is labelled by its first node).
  std::vector<double> M(n * n, 0.0);
  const auto weight = boost::get(boost::edge_weight, graph);
  for (auto [e, end] = boost::edges(graph); e != end; ++e) {
    const std::size_t i = boost::source(*e, graph), j = boost::target(*e, graph);
    M[i * n + j] += weight[*e];
    M[j * n + i] += weight[*e];
  }
  std::vector<std::uint32_t> owner(n);
  std::vector<bool> alive(n, true);
  for (std::size_t v = 0; v < n; ++v) owner[v] = std::uint32_t(v);
  // Ratio: W(A) and |A| per live group label.
  std::vector<double> internal(n, 0.0), size(n, 1.0);
  const bool ratio = objective == PartitionObjective::Ratio;
  auto gain = [&](std::size_t A, std::size_t B) {
    const double between = M[A * n + B];
    if (!ratio) return between;
    return (internal[A] + internal[B] + between) / (size[A] + size[B]) - internal[A] / size[A] - internal[B] / size[B];
  };
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> best(n, none);
  std::vector<double> best_gain(n, 0.0);
  auto refresh = [&](std::size_t A) {
    best[A] = none;
    for (std::size_t B = 0; B < n; ++B) {
      if (B == A || !alive[B]) continue;
      const double g = gain(A, B);
      if (best[A] == none || g > best_gain[A]) best[A] = B, best_gain[A] = g;
    }
  };
  for (std::size_t A = 0; A < n; ++A) refresh(A);
  for (std::size_t remaining = n; remaining > groups; --remaining) {
    std::size_t A = none;
    for (std::size_t C = 0; C < n; ++C)
      if (alive[C] && best[C] != none && (A == none || best_gain[C] > best_gain[A])) A = C;
    std::size_t B = best[A];
    if (B < A) std::swap(A, B);
    // Merge B into A.
    internal[A] += internal[B] + M[A * n + B];
    size[A] += size[B];
    alive[B] = false;
    for (std::size_t C = 0; C < n; ++C) {
      M[A * n + C] += M[B * n + C];
      M[C * n + A] = M[A * n + C];
    }
    M[A * n + A] = 0;
    for (std::size_t v = 0; v < n; ++v)
      if (owner[v] == B) owner[v] = std::uint32_t(A);
    for (std::size_t C = 0; C < n; ++C) {
      if (!alive[C]) continue;
      if (C == A || best[C] == A || best[C] == B) {
        refresh(C);
      } else if (const double g = gain(C, A); g > best_gain[C] || (g == best_gain[C] && A < best[C])) {
        best[C] = A, best_gain[C] = g;
      }
    }
  }
  return relabel(owner);
}

Partition partition_graph(const AffinityGraph& graph, std::uint32_t groups, std::uint32_t merge_nodes, PartitionObjective objective) {
  const std::size_t n = boost::num_vertices(graph);
  const auto weight = boost::get(boost::edge_weight, graph);
  const bool ratio = objective == PartitionObjective::Ratio;
  std::vector<double> link(groups), internal, size;
  Partition p;
  if (merge_nodes == 0 || merge_nodes >= n) {
    p.group = greedy_merge(graph, groups, objective);
  } else {
    assert(groups <= merge_nodes);
    AffinityGraph head(merge_nodes);
    for (auto [e, end] = boost::edges(graph); e != end; ++e)
      if (boost::source(*e, graph) < merge_nodes && boost::target(*e, graph) < merge_nodes)
        boost::add_edge(boost::source(*e, graph), boost::target(*e, graph), weight[*e], head);
    p.group = greedy_merge(head, groups, objective);
    if (ratio) group_weights(head, p.group, groups, internal, size);
    p.group.resize(n);
    for (std::size_t v = merge_nodes; v < n; ++v) {
      std::fill(link.begin(), link.end(), 0.0);
      for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e)
        if (const std::size_t u = boost::target(*e, graph); u < v) link[p.group[u]] += weight[*e];
      if (!ratio) {
        p.group[v] = std::uint32_t(std::max_element(link.begin(), link.end()) - link.begin());
        continue;
      }
      std::uint32_t target = 0;
      double best = ratio_join(internal[0], size[0], link[0]);
      for (std::uint32_t g = 1; g < groups; ++g)
        if (const double gain = ratio_join(internal[g], size[g], link[g]); gain > best) best = gain, target = g;
      p.group[v] = target;
      internal[target] += link[target];
      size[target] += 1;
    }
  }
  std::vector<std::uint32_t> members(groups, 0);
  for (std::uint32_t g : p.group) ++members[g];
  bool moved = true;
  for (int sweep = 0; moved && sweep < kMaxSweeps; ++sweep) {
    moved = false;
    // Ratio: W(g) and |g| recomputed each sweep, so rounding does not accumulate across sweeps.
    if (ratio) group_weights(graph, p.group, groups, internal, size);
    for (std::size_t v = 0; v < n; ++v) {
      const std::uint32_t own = p.group[v];
      if (members[own] < 2) continue;
      std::fill(link.begin(), link.end(), 0.0);
      for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e) link[p.group[boost::target(*e, graph)]] += weight[*e];
      std::uint32_t target = own;
      double gain = 1e-12;
      const double leave = ratio ? ratio_leave(internal[own], size[own], link[own]) : 0.0;
      for (std::uint32_t g = 0; g < groups; ++g) {
        if (g == own) continue;
        const double d = ratio ? ratio_join(internal[g], size[g], link[g]) + leave : link[g] - link[own];
        if (d > gain) gain = d, target = g;
      }
      if (target == own) continue;
      --members[own];
      ++members[target];
      if (ratio) {
        internal[own] -= link[own];
        size[own] -= 1;
        internal[target] += link[target];
        size[target] += 1;
      }
      p.group[v] = target;
      ++p.moves;
      moved = true;
    }
  }
  p.group = relabel(p.group);
  p.objective = partition_objective(graph, p.group, objective);
  return p;
}

}  // namespace simrec::algorithms::adascene::aggregation
