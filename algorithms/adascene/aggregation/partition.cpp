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

double partition_objective(const AffinityGraph& graph, const std::vector<std::uint32_t>& group) {
  double q = 0;
  const auto weight = boost::get(boost::edge_weight, graph);
  for (auto [e, end] = boost::edges(graph); e != end; ++e)
    if (group[boost::source(*e, graph)] == group[boost::target(*e, graph)]) q += weight[*e];
  return q;
}

std::vector<std::uint32_t> greedy_merge(const AffinityGraph& graph, std::uint32_t groups) {
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
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> best(n, none);
  auto refresh = [&](std::size_t A) {
    best[A] = none;
    for (std::size_t B = 0; B < n; ++B)
      if (B != A && alive[B] && (best[A] == none || M[A * n + B] > M[A * n + best[A]])) best[A] = B;
  };
  for (std::size_t A = 0; A < n; ++A) refresh(A);
  for (std::size_t remaining = n; remaining > groups; --remaining) {
    std::size_t A = none;
    for (std::size_t C = 0; C < n; ++C)
      if (alive[C] && best[C] != none && (A == none || M[C * n + best[C]] > M[A * n + best[A]])) A = C;
    std::size_t B = best[A];
    if (B < A) std::swap(A, B);
    // Merge B into A.
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
      } else if (M[C * n + A] > M[C * n + best[C]] || (M[C * n + A] == M[C * n + best[C]] && A < best[C])) {
        best[C] = A;
      }
    }
  }
  return relabel(owner);
}

Partition partition_graph(const AffinityGraph& graph, std::uint32_t groups, std::uint32_t merge_nodes) {
  const std::size_t n = boost::num_vertices(graph);
  const auto weight = boost::get(boost::edge_weight, graph);
  std::vector<double> link(groups);
  Partition p;
  if (merge_nodes == 0 || merge_nodes >= n) {
    p.group = greedy_merge(graph, groups);
  } else {
    assert(groups <= merge_nodes);
    AffinityGraph head(merge_nodes);
    for (auto [e, end] = boost::edges(graph); e != end; ++e)
      if (boost::source(*e, graph) < merge_nodes && boost::target(*e, graph) < merge_nodes)
        boost::add_edge(boost::source(*e, graph), boost::target(*e, graph), weight[*e], head);
    p.group = greedy_merge(head, groups);
    p.group.resize(n);
    for (std::size_t v = merge_nodes; v < n; ++v) {
      std::fill(link.begin(), link.end(), 0.0);
      for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e)
        if (const std::size_t u = boost::target(*e, graph); u < v) link[p.group[u]] += weight[*e];
      p.group[v] = std::uint32_t(std::max_element(link.begin(), link.end()) - link.begin());
    }
  }
  std::vector<std::uint32_t> size(groups, 0);
  for (std::uint32_t g : p.group) ++size[g];
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t v = 0; v < n; ++v) {
      const std::uint32_t own = p.group[v];
      if (size[own] < 2) continue;
      std::fill(link.begin(), link.end(), 0.0);
      for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e) link[p.group[boost::target(*e, graph)]] += weight[*e];
      std::uint32_t target = own;
      double gain = 1e-12;
      for (std::uint32_t g = 0; g < groups; ++g)
        if (g != own && link[g] - link[own] > gain) gain = link[g] - link[own], target = g;
      if (target == own) continue;
      --size[own];
      ++size[target];
      p.group[v] = target;
      ++p.moves;
      moved = true;
    }
  }
  p.group = relabel(p.group);
  p.objective = partition_objective(graph, p.group);
  return p;
}

}  // namespace simrec::algorithms::adascene::aggregation
