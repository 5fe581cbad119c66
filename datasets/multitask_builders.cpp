#include "datasets/multitask_builders.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace simrec::datasets {

std::vector<std::string> resolve_task_list(const std::vector<std::string>& tasks, const std::vector<std::string>& available,
                                           const std::vector<std::string>& defaults, const std::string& source) {
  if (tasks.empty()) return defaults;
  std::string allowed;
  for (const auto& a : available) allowed += (allowed.empty() ? "" : ", ") + a;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (std::find(available.begin(), available.end(), tasks[i]) == available.end())
      throw std::invalid_argument("unknown task '" + tasks[i] + "' for " + source + ": allowed " + allowed);
    if (std::find(tasks.begin(), tasks.begin() + std::ptrdiff_t(i), tasks[i]) != tasks.begin() + std::ptrdiff_t(i))
      throw std::invalid_argument("task '" + tasks[i] + "' is listed twice");
  }
  return tasks;
}

namespace {

float behaviour_value(const RankingSamples& rk, std::size_t r, const std::string& b) {
  if (b == "click") return rk.click[r];
  if (b == "watch_seconds") return rk.watch_seconds[r];
  if (b == "log_watch_seconds") return std::log1p(rk.watch_seconds[r]);
  if (b == "completion_ratio") return rk.completion_ratio[r];
  if (b == "finish") return rk.finish[r];
  if (b == "skip") return rk.skip[r];
  if (b == "like") return rk.like[r];
  return rk.share[r];
}

bool behaviour_is_binary(const std::string& b) {
  return b != "watch_seconds" && b != "log_watch_seconds" && b != "completion_ratio";
}

const std::vector<std::string> kVideoFields = {"video", "channel", "genre", "region", "device", "age_bucket", "gender", "logged_in",
                                               "user_group"};

std::uint32_t field_value(const RankingSamples& rk, std::size_t r, std::size_t f) {
  switch (f) {
    case 0: return rk.video[r];
    case 1: return rk.channel[r];
    case 2: return rk.genre[r];
    case 3: return rk.region[r];
    case 4: return rk.device[r];
    case 5: return rk.age_bucket[r];
    case 6: return rk.gender[r];
    case 7: return rk.logged_in[r];
    default: return rk.user_group[r];
  }
}

// An empty table with the video schema (tasks, fields, buckets, dense names).
MultiTaskTable video_schema(const VideoDatasets& data, const std::vector<std::string>& behaviours, bool by_group) {
  MultiTaskTable t;
  std::vector<std::uint8_t> binary;
  for (const auto& b : behaviours) binary.push_back(behaviour_is_binary(b) ? 1 : 0);
  if (!by_group) {
    t.set_flat_tasks(behaviours, binary);
  } else {
    t.behaviour_names = behaviours;
    t.group_names = kUserGroupNames;
    for (std::size_t b = 0; b < behaviours.size(); ++b)
      for (std::size_t g = 0; g < kUserGroupNames.size(); ++g) {
        t.task_names.push_back(behaviours[b] + "." + kUserGroupNames[g]);
        t.task_is_binary.push_back(binary[b]);
        t.task_behaviour.push_back(std::uint32_t(b));
        t.task_group.push_back(std::uint32_t(g));
      }
  }
  t.field_names = kVideoFields;
  // Buckets: vocabularies for ids; the largest code seen in any split + 1 for the small enumerations
  // (a size, not a statistic: no label information flows).
  t.field_buckets.assign(kVideoFields.size(), 1);
  t.field_buckets[0] = std::uint32_t(data.video_vocab.num_buckets());
  t.field_buckets[1] = std::uint32_t(data.channel_vocab.num_buckets());
  for (const RankingSamples* rk : {&data.ranking_train, &data.ranking_validation, &data.ranking_test})
    for (std::size_t r = 0; r < rk->size(); ++r)
      for (std::size_t f = 2; f < kVideoFields.size(); ++f) t.field_buckets[f] = std::max(t.field_buckets[f], field_value(*rk, r, f) + 1);
  for (const char* name : kContinuousNames) t.dense_names.push_back(std::string(name) + "_quantile");
  return t;
}

// A watch-defined behaviour has a value only when the impression was clicked (0 otherwise).
bool behaviour_needs_click(const std::string& b) { return !behaviour_is_binary(b); }

void append_video_rows(const RankingSamples& rk, const std::vector<std::string>& behaviours, bool by_group, bool clicked_only,
                       bool watch_on_clicks, MultiTaskTable& t) {
  const std::size_t nb = behaviours.size(), ng = by_group ? kUserGroupNames.size() : 1;
  for (std::size_t r = 0; r < rk.size(); ++r) {
    if (clicked_only && !rk.click[r]) continue;
    ++t.rows;
    for (std::size_t f = 0; f < t.num_fields(); ++f) t.categorical.push_back(field_value(rk, r, f));
    t.dense.insert(t.dense.end(), rk.continuous_quantile.begin() + std::ptrdiff_t(r * kNumContinuous),
                   rk.continuous_quantile.begin() + std::ptrdiff_t((r + 1) * kNumContinuous));
    const std::uint8_t g = rk.user_group[r];
    for (std::size_t b = 0; b < nb; ++b) {
      const float v = behaviour_value(rk, r, behaviours[b]);
      const bool defined = !watch_on_clicks || rk.click[r] || !behaviour_needs_click(behaviours[b]);
      for (std::size_t gi = 0; gi < ng; ++gi) {
        t.labels.push_back(v);
        if (by_group || watch_on_clicks) t.mask.push_back((!by_group || gi == g) && defined ? 1 : 0);
      }
    }
    t.group.push_back(g);
    t.page_key.push_back(rk.page_key[r]);
  }
}

}  // namespace

MultiTaskSplits video_multitask_splits(const VideoDatasets& data, const std::vector<std::string>& behaviours_in,
                                       const MultiTaskDataConfig& config) {
  const auto behaviours = resolve_task_list(behaviours_in, kVideoBehaviours, {"click", "completion_ratio"}, "the video world");
  const bool by_group = config.by_user_group != 0, clicked = config.clicked_only != 0;
  const bool watch_on_clicks = config.watch_tasks_on_clicks != 0 && !clicked;
  MultiTaskSplits s;
  s.train = video_schema(data, behaviours, by_group);
  s.validation = s.train;
  s.test = s.train;
  append_video_rows(data.ranking_train, behaviours, by_group, clicked, watch_on_clicks, s.train);
  append_video_rows(data.ranking_validation, behaviours, by_group, clicked, watch_on_clicks, s.validation);
  append_video_rows(data.ranking_test, behaviours, by_group, clicked, watch_on_clicks, s.test);
  s.protocol = "video world impressions: train/validation/test by day (data.*)" + std::string(clicked ? ", clicked only" : "") +
               (by_group ? ", tasks = behaviour x user group with per-row masks" : "") +
               (watch_on_clicks ? ", watch-defined tasks on clicked impressions only (masks)" : "");
  for (auto* t : {&s.train, &s.validation, &s.test}) {
    if (!by_group) t->group.clear();  // flat: rows are not tied to a task group
    t->validate();
  }
  return s;
}

MultiTaskSplits mmoe_synthetic_splits(const sim::MmoeSyntheticConfig& generator, std::uint64_t seed, const std::vector<std::string>& tasks_in,
                                      const MultiTaskDataConfig& config) {
  const auto tasks = resolve_task_list(tasks_in, {"task1", "task2"}, {"task1", "task2"}, "mmoe_synthetic");
  generator.validate();
  const sim::MmoeSyntheticData d = sim::generate_mmoe_synthetic(generator, seed);
  MultiTaskTable schema;
  schema.set_flat_tasks(tasks, std::vector<std::uint8_t>(tasks.size(), 0));
  for (std::size_t j = 0; j < d.dim; ++j) schema.dense_names.push_back("x" + std::to_string(j));
  const std::size_t n = d.num_samples;
  const std::size_t n_test = std::size_t(std::llround(config.test_fraction * double(n)));
  const std::size_t n_val = std::size_t(std::llround(config.validation_fraction * double(n - n_test)));
  if (n_test == 0 || n_test + n_val >= n)
    throw std::invalid_argument("mmoe.num_samples = " + std::to_string(n) + " is too small for the test and validation fractions");
  MultiTaskSplits s;
  s.train = s.validation = s.test = schema;
  for (std::size_t r = 0; r < n; ++r) {
    MultiTaskTable& t = r < n_test ? s.test : r < n_test + n_val ? s.validation : s.train;
    ++t.rows;
    t.dense.insert(t.dense.end(), d.x.begin() + std::ptrdiff_t(r * d.dim), d.x.begin() + std::ptrdiff_t((r + 1) * d.dim));
    for (const auto& task : tasks) t.labels.push_back(task == "task1" ? d.y1[r] : d.y2[r]);
  }
  s.stats["task_weight_cosine"] = d.weight_cosine();
  s.stats["task_label_correlation"] = d.label_correlation();
  s.protocol = "mmoe_synthetic: " + std::to_string(n_test) + " test rows, " + std::to_string(n_val) + " validation, " +
               std::to_string(n - n_test - n_val) + " training; rho = cos(w1, w2) = " + std::to_string(d.weight_cosine()) +
               ", label correlation = " + std::to_string(d.label_correlation());
  for (auto* t : {&s.train, &s.validation, &s.test}) t->validate();
  return s;
}

}  // namespace simrec::datasets
