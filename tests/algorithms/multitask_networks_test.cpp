// Multi-task networks (algorithms/multitask/networks.hpp): output shapes, gradient flow to every
// parameter, MFH's 9-task structure, per-sample masks (a New-group row sends exactly zero gradient
// to the Low / High towers and facets), and the rejection of a non-product task set.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "algorithms/multitask/multitask_loss.hpp"
#include "algorithms/multitask/networks.hpp"
#include "algorithms/multitask/task_grid.hpp"
#include "multitask_fixture.hpp"

using namespace simrec;
using namespace simrec::algorithms::multitask;

namespace {

// 3 behaviours x 3 groups, MFH's shape: {completion_ratio (regression), finish, skip} x {New, Low,
// High}; row r is in group r % 3 and counts for its group's 3 tasks only.
datasets::MultiTaskTable nine_task_table(std::size_t rows) {
  datasets::MultiTaskTable t;
  t.behaviour_names = {"completion_ratio", "finish", "skip"};
  t.group_names = {"New", "Low", "High"};
  for (std::uint32_t b = 0; b < 3; ++b)
    for (std::uint32_t g = 0; g < 3; ++g) {
      t.task_names.push_back(t.behaviour_names[b] + "." + t.group_names[g]);
      t.task_is_binary.push_back(b != 0);
      t.task_behaviour.push_back(b);
      t.task_group.push_back(g);
    }
  t.field_names = {"video", "device"};
  t.field_buckets = {11, 3};
  t.dense_names = {"d0", "d1", "d2"};
  t.rows = rows;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t g = std::uint32_t(r % 3);
    t.categorical.push_back(std::uint32_t((r * 7) % 11));
    t.categorical.push_back(std::uint32_t(r % 3));
    t.group.push_back(std::uint8_t(g));
    for (int k = 0; k < 3; ++k) t.dense.push_back(float(std::sin(0.7 * double(r) + k)));
    for (std::size_t task = 0; task < 9; ++task) {
      const bool mine = t.task_group[task] == g;
      const float y = t.task_is_binary[task] ? float((r + task) % 2) : float(0.1 * double(r % 5));
      t.labels.push_back(mine ? y : 0.f);
      t.mask.push_back(mine);
    }
  }
  t.validate();
  return t;
}

NetConfig config_for(const datasets::MultiTaskTable& t, Architecture arch) {
  NetConfig c;
  c.field_buckets = t.field_buckets;
  c.num_dense = std::int64_t(t.num_dense());
  c.embedding_dim = 4;
  c.tasks = std::int64_t(t.num_tasks());
  c.bottom_hidden = {8, 6};
  c.tower_hidden = {5};
  c.experts = 3;
  c.task_experts = 2;
  c.shared_experts = 2;
  c.levels = 2;
  if (arch == Architecture::Mfh) {
    const TaskGrid g = task_grid(t);
    c.task_behaviour = g.task_behaviour;
    c.task_group = g.task_group;
    c.behaviours = std::int64_t(g.num_behaviours());
    c.groups = std::int64_t(g.num_groups());
  }
  return c;
}

std::vector<std::size_t> all_rows(const datasets::MultiTaskTable& t) {
  std::vector<std::size_t> r(t.size());
  std::iota(r.begin(), r.end(), std::size_t(0));
  return r;
}

// Forward + backward of the static objective on `rows`; returns the outputs.
nn::Tensor forward_backward(MultiTaskNet& net, const datasets::MultiTaskTable& t, const std::vector<std::size_t>& rows) {
  const BatchTargets targets = make_targets(t, rows);
  const nn::Tensor out = net.forward(make_input_batch(t, rows), 0);
  const std::vector<double> w(t.num_tasks(), 1.0);
  combine_task_losses(per_task_loss(out, targets, t.task_is_binary), targets, w, t.task_is_binary).backward();
  return out;
}

bool any_nonzero(const nn::Tensor& g) {
  if (!g.defined()) return false;
  for (double v : g.to_vector())
    if (v != 0) return true;
  return false;
}

bool all_zero(const nn::Tensor& g) {
  if (!g.defined()) return true;
  for (double v : g.to_vector())
    if (v != 0) return false;
  return true;
}

}  // namespace

TEST_CASE("multi-task networks give one output per row and task, and every parameter a gradient", "[algorithms][multitask]") {
  // Every gate here mixes at least 2 experts: a gate over one expert is the constant 1 and its
  // weight's gradient is structurally zero (extraction.hpp). Experts are 16 wide: with narrow
  // ReLU experts a whole expert can start dead (every unit negative on every row; likelier at
  // level 2, whose inputs are non-negative mixtures), which is chance, not structure.
  const datasets::MultiTaskTable t = nine_task_table(24);
  for (Architecture arch : {Architecture::SingleTask, Architecture::SharedBottom, Architecture::Mmoe, Architecture::Ple, Architecture::Mfh}) {
    INFO(architecture_name(arch));
    NetConfig c = config_for(t, arch);
    c.bottom_hidden = {16, 16};
    auto net = make_net(arch, c);
    net->init(5);
    const nn::Tensor out = forward_backward(*net, t, all_rows(t));
    CHECK(out.shape() == nn::Shape{24, 9});
    const auto params = net->named_parameters();
    CHECK(params.size() > 0);
    for (const auto& p : params) {
      INFO(p.name);
      CHECK(any_nonzero(p.value.grad()));
    }
  }
}

TEST_CASE("multi-task networks: cgc is one level without a shared gate, ple levels below the last have one", "[algorithms][multitask]") {
  const datasets::MultiTaskTable t = nine_task_table(6);
  NetConfig c = config_for(t, Architecture::Ple);
  const auto names = [](const MultiTaskNet& n) {
    std::vector<std::string> v;
    for (const auto& p : n.named_parameters()) v.push_back(p.name);
    return v;
  };
  const auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  c.levels = 1;
  const auto cgc = names(*make_net(Architecture::Ple, c));
  CHECK(has(cgc, "levels.0.task_gates.8.weight"));
  CHECK_FALSE(has(cgc, "levels.0.shared_gate.weight"));
  c.levels = 3;
  const auto ple = names(*make_net(Architecture::Ple, c));
  CHECK(has(ple, "levels.0.shared_gate.weight"));
  CHECK(has(ple, "levels.1.shared_gate.weight"));
  CHECK_FALSE(has(ple, "levels.2.shared_gate.weight"));
  // Level 2's experts read level 1's outputs (width 6); gates span own + shared experts.
  auto net = make_net(Architecture::Ple, c);
  for (const auto& p : net->named_parameters()) {
    if (p.name == "levels.1.task_experts.0.0.0.weight") CHECK(p.value.shape() == nn::Shape{8, 6});
    // input width 4 + 4 (embeddings) + 3 (dense) = 11
    if (p.name == "levels.0.task_gates.0.weight") CHECK(p.value.shape() == nn::Shape{2 + 2, 11});  // own + shared
    if (p.name == "levels.0.shared_gate.weight") CHECK(p.value.shape() == nn::Shape{9 * 2 + 2, 11});
  }
}

TEST_CASE("mfh builds behaviour and group switchers, per-facet switchers and 9 towers", "[algorithms][multitask][mfh]") {
  const datasets::MultiTaskTable t = nine_task_table(9);
  const TaskGrid grid = task_grid(t);
  CHECK(grid.num_behaviours() == 3);
  CHECK(grid.num_groups() == 3);
  CHECK(grid.task_behaviour == std::vector<std::uint32_t>{0, 0, 0, 1, 1, 1, 2, 2, 2});
  CHECK(grid.task_group == std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2, 0, 1, 2});
  auto net = make_net(Architecture::Mfh, config_for(t, Architecture::Mfh));
  std::map<std::string, nn::Shape> shapes;
  for (const auto& p : net->named_parameters()) shapes[p.name] = p.value.shape();
  // Level 1: behaviour switch (3 branches) and group switch (3 branches) on the embedding (4 + 4 + 3).
  CHECK(shapes.at("behaviour_switch.task_gates.2.weight") == nn::Shape{4, 11});
  CHECK(shapes.at("group_switch.task_gates.2.weight") == nn::Shape{4, 11});
  CHECK(shapes.count("behaviour_switch.shared_gate.weight") == 0);
  // Level 2: per behaviour a switcher over groups, per group a switcher over behaviours, on width 6.
  for (int k = 0; k < 3; ++k) {
    CHECK(shapes.at("behaviour_facets." + std::to_string(k) + ".task_gates.2.weight") == nn::Shape{4, 6});
    CHECK(shapes.at("group_facets." + std::to_string(k) + ".task_gates.2.weight") == nn::Shape{4, 6});
  }
  CHECK(shapes.count("behaviour_facets.3.task_gates.0.weight") == 0);
  CHECK(shapes.at("towers.8.1.weight") == nn::Shape{1, 5});
  CHECK(shapes.count("towers.9.0.weight") == 0);
}

TEST_CASE("mfh masking: rows of group New send zero gradient to the Low and High towers and facets", "[algorithms][multitask][mfh]") {
  const datasets::MultiTaskTable t = nine_task_table(30);
  auto net = make_net(Architecture::Mfh, config_for(t, Architecture::Mfh));
  net->init(11);
  std::vector<std::size_t> new_rows;
  for (std::size_t r = 0; r < t.size(); ++r)
    if (t.group[r] == 0) new_rows.push_back(r);
  forward_backward(*net, t, new_rows);
  int zero_towers = 0, live_towers = 0;
  for (const auto& p : net->named_parameters()) {
    INFO(p.name);
    if (p.name.rfind("towers.", 0) == 0) {
      const std::size_t task = std::stoul(p.name.substr(7));
      if (t.task_group[task] == 0) {
        CHECK(any_nonzero(p.value.grad()));
        ++live_towers;
      } else {
        CHECK(all_zero(p.value.grad()));
        ++zero_towers;
      }
    }
    // The Low / High group facets feed only Low / High towers.
    if (p.name.rfind("group_facets.1.", 0) == 0 || p.name.rfind("group_facets.2.", 0) == 0) CHECK(all_zero(p.value.grad()));
    if (p.name.rfind("group_facets.0.", 0) == 0 && p.name.find("shared_experts") != std::string::npos) CHECK(any_nonzero(p.value.grad()));
  }
  CHECK(live_towers == 3 * 4);  // 3 New towers, 2 layers of weight + bias each
  CHECK(zero_towers == 6 * 4);
}

TEST_CASE("mfh rejects a task set that is not a full behaviour x group product", "[algorithms][multitask][mfh]") {
  datasets::MultiTaskTable t = nine_task_table(6);
  // Drop task skip.High: 8 tasks, no longer a product.
  datasets::MultiTaskTable cut = t;
  cut.task_names.pop_back();
  cut.task_is_binary.pop_back();
  cut.task_behaviour.pop_back();
  cut.task_group.pop_back();
  cut.labels.clear();
  cut.mask.clear();
  for (std::size_t r = 0; r < t.size(); ++r)
    for (std::size_t k = 0; k < 8; ++k) {
      cut.labels.push_back(t.label(r, k));
      cut.mask.push_back(t.mask[r * 9 + k]);
    }
  cut.validate();
  CHECK_THROWS_WITH(task_grid(cut), Catch::Contains("not a full behaviour x group product") && Catch::Contains("'skip' in group 'High'"));
  // A repeated pair.
  datasets::MultiTaskTable twice = t;
  twice.task_group[1] = 0;
  CHECK_THROWS_WITH(task_grid(twice), Catch::Contains("same (behaviour, group) pair"));
  // Through the registered algorithm, at fit time.
  auto mfh = testing::make_multitask("mfh", {{"epochs", "1"}});
  algorithms::NullLogger log;
  const datasets::MultiTaskTable empty;
  CHECK_THROWS_WITH(mfh->fit({cut, empty, 1}, log), Catch::Contains("not a full behaviour x group product"));
}
