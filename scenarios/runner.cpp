#include "scenarios/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>

#include "algorithms/registry.hpp"
#include "datasets/hdf5_cache.hpp"
#include "datasets/movielens.hpp"
#include "nn/kernels/blas_info.hpp"
#include "results/store/provenance.hpp"
#include "results/metrics/watch_time_loss.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/evaluate.hpp"
#include "scenarios/evaluate_multitask.hpp"
#include "scenarios/forecast_runner.hpp"
#include "scenarios/alignment_runner.hpp"
#include "scenarios/multi_scenario_runner.hpp"
#include "scenarios/multitask_data.hpp"
#include "scenarios/online_policy.hpp"
#include "scenarios/progress.hpp"
#include "scenarios/ranking_oracle.hpp"
#include "scenarios/retrieval_oracle.hpp"
#include "scenarios/ranking_policy.hpp"
#include "scenarios/upload_age.hpp"
#include "sim/world/online.hpp"
#include "sim/world/world.hpp"

namespace simrec::scenarios {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string hex64(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)v);
  return buf;
}

static_assert(std::string_view(algorithms::TrainingLogger::kPerStepSuffix) == results::kPerStepCurveSuffix);

// Keeps every reported value as a curve, shows it (per-epoch values only), and refuses
// non-finite values.
class CurveLogger : public algorithms::TrainingLogger {
 public:
  CurveLogger(results::UnitResult& unit, Progress& progress) : unit_(unit), progress_(progress) {}
  void log(std::int64_t epoch, const std::string& metric, double value) override {
    const bool per_step = results::is_per_step_curve(metric);
    if (!std::isfinite(value))
      throw algorithms::NonFiniteError(metric + " became " + (std::isnan(value) ? "NaN" : "infinite") +
                                       (per_step ? " at optimizer step " : " at epoch ") + std::to_string(epoch));
    // Curve names become HDF5 link names, where '/' would nest groups the reader does not expect
    // (per_scenario logs "scenario_16/train_loss"): stored as "scenario_16.train_loss".
    std::string name = metric;
    std::replace(name.begin(), name.end(), '/', '.');
    auto& c = unit_.curves[name];
    c.x.push_back(double(epoch));
    c.y.push_back(value);
    if (!per_step) progress_.epoch(epoch, metric, value);  // one line per step would bury the epochs
  }
  void progress(double fraction) override { progress_.fraction(fraction); }

 private:
  results::UnitResult& unit_;
  Progress& progress_;
};

// Upload-age curves and fresh_share@K (upload_age.hpp).
void record_upload_ages(const Scenario& sc, const algorithms::RankedLists& lists, const datasets::RetrievalSamples& queries,
                        const std::vector<double>& ages, results::UnitResult& unit) {
  const auto& edges = sc.eval.upload_age_buckets;
  const auto recommended = upload_age_shares(lists, max_k(sc.metrics), ages, edges);
  const auto labels = label_upload_age_shares(queries, ages, edges);
  auto& rec = unit.curves["recommended_share_by_upload_age"];
  auto& lab = unit.curves["test_label_share_by_upload_age"];
  for (std::size_t b = 0; b < recommended.size(); ++b) {
    rec.x.push_back(double(b + 1));
    rec.y.push_back(recommended[b]);
    lab.x.push_back(double(b + 1));
    lab.y.push_back(labels[b]);
  }
  for (const auto& m : sc.metrics)
    if (m.rfind("fresh_share@", 0) == 0) unit.metrics[m] = upload_age_shares(lists, std::stoi(m.substr(12)), ages, edges).front();
}

// Serves `policy` (built on the fitted algorithm) for eval.online_days from the start of the test
// period (SPEC §3 online simulation) and records the true outcomes.
void serve_online(const Scenario& sc, const datasets::DatasetConfig& config, const sim::World& world, const sim::SlatePolicy& policy,
                  results::UnitResult& unit) {
  sim::OnlineOptions o;
  o.first_day = std::uint32_t(config.train_days + config.validation_days);
  o.num_days = std::uint32_t(sc.eval.online_days);
  const sim::OnlineMetrics m = sim::simulate_online(world, policy, o);
  unit.metrics["online_ctr"] = m.ctr;
  unit.metrics["online_watch_seconds_per_user"] = m.watch_seconds_per_user;
  unit.metrics["online_feed_watch_seconds_per_user"] = m.feed_watch_seconds_per_user;
  unit.metrics["online_completion"] = m.mean_completion;
  unit.metrics["online_distinct_topics_per_page"] = m.distinct_topics_per_page;
  unit.metrics["online_watch_seconds_per_impression"] = m.watch_seconds_per_impression;
  unit.metrics["online_clickbait_mean"] = m.mean_clickbait;
  unit.metrics["online_clickbait_share"] = m.clickbait_share;
}

// The oracle_*_weighted_per_user_loss references the scenario asks for (ranking_oracle.hpp).
void record_ranking_oracles(const Scenario& sc, const sim::World& world, const datasets::RankingSamples& test, results::UnitResult& unit) {
  std::vector<std::int64_t> pages(test.page_key.begin(), test.page_key.end());
  std::vector<float> clicks(test.click.begin(), test.click.end());
  for (const auto& [name, kind] : {std::pair{"oracle_click_weighted_per_user_loss", OracleScore::Click},
                                   std::pair{"oracle_watch_weighted_per_user_loss", OracleScore::Watch}})
    if (std::find(sc.metrics.begin(), sc.metrics.end(), name) != sc.metrics.end())
      unit.metrics[name] = metrics::weighted_per_user_loss(pages, clicks, test.watch_seconds, oracle_scores(world, test, kind));
}

void run_unit(const Scenario& sc, const VariantSpec& v, const sim::World* world, const datasets::VideoDatasets& data,
              const datasets::RetrievalSamples& queries, const std::vector<double>& upload_ages,
              const std::map<std::string, double>& oracles, std::uint64_t seed,
              results::UnitResult& unit, Progress& progress) {
  const auto& info = v.info;
  CurveLogger logger(unit, progress);
  const auto view = algorithms::make_train_view(data, seed);
  std::unique_ptr<algorithms::Algorithm> algo = info.make(v.options);
  const auto t0 = Clock::now();
  std::size_t samples = 0;
  if (sc.task == algorithms::Task::Retrieval) {
    auto& r = dynamic_cast<algorithms::RetrievalAlgorithm&>(*algo);
    r.fit(view, logger);
    unit.timing.fit_seconds = seconds_since(t0);
    samples = data.retrieval_train.size();
    const auto t1 = Clock::now();
    algorithms::RankedLists lists;
    r.recommend(queries, max_k(sc.metrics), sc.eval.exclude_history, lists);
    unit.timing.predict_seconds = seconds_since(t1);
    unit.metrics = evaluate_retrieval(lists, queries, sc.metrics);
    unit.metrics.insert(oracles.begin(), oracles.end());
    if (!sc.eval.upload_age_buckets.empty()) record_upload_ages(sc, lists, queries, upload_ages, unit);
    if (sc.eval.online_days > 0 && world) serve_online(sc, sc.data_for(v), *world, RetrievalSlatePolicy(r, data, sc.data_for(v)), unit);
  } else if (sc.task == algorithms::Task::Ranking) {
    auto& r = dynamic_cast<algorithms::RankingAlgorithm&>(*algo);
    r.fit(view, logger);
    unit.timing.fit_seconds = seconds_since(t0);
    samples = data.ranking_train.size();
    const auto t1 = Clock::now();
    const auto scores = r.score(data.ranking_test);
    unit.timing.predict_seconds = seconds_since(t1);
    for (float s : scores)
      if (!std::isfinite(s)) throw algorithms::NonFiniteError("a predicted score is NaN or infinite");
    unit.metrics = evaluate_ranking(scores, r.score_kind(), data.ranking_test, sc.metrics);
    if (world) record_ranking_oracles(sc, *world, data.ranking_test, unit);
    if (sc.eval.online_days > 0 && world)
      serve_online(sc, sc.data_for(v), *world, RankingSlatePolicy(r, *world, data, sc.data_for(v)), unit);
  } else {
    throw std::runtime_error(std::string("the runner does not run ") + algorithms::task_name(sc.task) + " scenarios yet");
  }
  unit.timing.samples_per_second = unit.timing.fit_seconds > 0 ? double(samples) / unit.timing.fit_seconds : 0;
}

void run_multitask_unit(const Scenario& sc, const VariantSpec& v, const MultiTaskData& data, std::uint64_t seed,
                        results::UnitResult& unit, Progress& progress) {
  CurveLogger logger(unit, progress);
  std::unique_ptr<algorithms::Algorithm> algo = v.info.make(v.options);
  auto& m = dynamic_cast<algorithms::MultiTaskAlgorithm&>(*algo);
  const auto t0 = Clock::now();
  m.fit(algorithms::MultiTaskTrainView{data.splits.train, data.splits.validation, seed}, logger);
  unit.timing.fit_seconds = seconds_since(t0);
  const auto t1 = Clock::now();
  const std::vector<float> predictions = m.predict(data.splits.test);
  unit.timing.predict_seconds = seconds_since(t1);
  for (float p : predictions)
    if (!std::isfinite(p)) throw algorithms::NonFiniteError("a predicted value is NaN or infinite");
  unit.metrics = evaluate_multitask(predictions, data.splits.test, sc.metrics);
  for (const auto& [name, value] : data.splits.stats) unit.metrics["data_" + name] = value;
  unit.timing.samples_per_second = unit.timing.fit_seconds > 0 ? double(data.splits.train.size()) / unit.timing.fit_seconds : 0;
}

}  // namespace

std::string default_run_path(const Scenario& scenario, const std::string& root) {
  return root + "/" + scenario.name + "-" + scenario.scale + ".h5";
}

RunOutcome run_scenario(const Scenario& sc, const RunOptions& options) {
  const std::string path = options.out_path.empty() ? default_run_path(sc) : options.out_path;
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  results::RunWriter writer(path, sc.resolved_text(), options.force, options.resume);
  results::RunInfo info = results::build_and_machine_info();
  info.blas_kernels = nn::blas_kernels();
  info.scenario = sc.name;
  info.scale = sc.scale;
  info.command_line = options.command_line;
  info.start_time = results::utc_now_iso8601();

  std::int64_t total = 0, done = 0;
  for (auto seed : sc.seeds)
    for (const auto& v : sc.variants) {
      ++total;
      done += writer.has_unit(v.name, seed);
    }
  Progress progress(total, done, options.terminal, options.progress_out);
  RunOutcome outcome;
  // Real data ([data] source = movielens:PATH): read once, split per seed.
  std::vector<datasets::Rating> ratings;
  datasets::MovieLensProtocol protocol = datasets::MovieLensProtocol::LeaveLastOut;
  if (sc.data_source.rfind("movielens:", 0) == 0) {
    ratings = datasets::read_movielens(sc.data_source.substr(std::string("movielens:").size()));
    protocol = datasets::parse_movielens_protocol(sc.data_protocol);
  }
  for (auto seed : sc.seeds) {
    bool pending = false;
    for (const auto& v : sc.variants) pending = pending || !writer.has_unit(v.name, seed);
    if (!pending) continue;
    progress.begin_data(seed, sc.task == algorithms::Task::Alignment
                                  ? "title world, evaluators, SFT, preference data"
                                  : "generating world and datasets");
    // A simulated world per data config (variants may override [sim] knobs), or none when the
    // data come from files ([data] source).
    const bool video_world = sc.data_source.empty() && sc.task != algorithms::Task::Forecast && sc.task != algorithms::Task::MultiScenario &&
                             sc.task != algorithms::Task::Alignment;
    // Variants sharing a world and data config share one build of the datasets; configs in order
    // of first appearance (variants without overrides all use the scenario's).
    std::vector<std::string> configs;
    for (const auto& v : sc.variants) {
      const std::string text = sc.data_key(v);
      if (std::find(configs.begin(), configs.end(), text) == configs.end()) configs.push_back(text);
    }
    // One unit: metadata, the work, failure capture, peak memory, atomic write.
    const auto run_one = [&](const VariantSpec& v, std::uint64_t data_hash, const auto& work) {
      results::UnitResult unit;
      unit.variant = v.name;
      unit.seed = seed;
      unit.algorithm = v.algorithm;
      unit.options = v.options.to_text();
      for (const auto& [knob, value] : v.data_overrides) unit.options += knob + " = " + value + "\n";
      unit.data_hash = hex64(data_hash);
      progress.begin_unit(v.name, seed);
      const auto t0 = Clock::now();
      try {
        work(unit);
      } catch (const algorithms::NonFiniteError& e) {
        unit.status = std::string("failed: non-finite value in training: ") + e.what();
        unit.metrics.clear();
      } catch (const std::exception& e) {
        unit.status = std::string("failed: ") + e.what();
        unit.metrics.clear();
      }
      unit.timing.peak_rss_bytes = results::peak_rss_bytes();
      outcome.failed_units += !unit.ok();
      writer.add_unit(unit);
      progress.end_unit(unit.status, unit.metrics, seconds_since(t0));
    };
    if (sc.task == algorithms::Task::Alignment) {  // the title world (alignment_runner.hpp)
      // The shared stages' curves (evaluators, SFT) go to the sft unit.
      results::UnitResult shared;
      CurveLogger shared_logger(shared, progress);
      AlignmentData data = build_alignment_data(sc, std::uint64_t(seed), shared_logger);
      data.curves = shared.curves;
      for (const auto& v : sc.variants)
        if (!writer.has_unit(v.name, seed))
          run_one(v, data.hash, [&](results::UnitResult& unit) {
            CurveLogger logger(unit, progress);
            run_alignment_unit(sc, v, data, std::uint64_t(seed), unit, logger);
          });
      continue;
    }
    if (sc.task == algorithms::Task::Forecast) {  // the inventory world (forecast_runner.hpp)
      const ForecastData data = build_forecast_data(sc, std::uint64_t(seed));
      for (const auto& v : sc.variants)
        if (!writer.has_unit(v.name, seed))
          run_one(v, data.hash, [&](results::UnitResult& unit) {
            CurveLogger logger(unit, progress);
            run_forecast_unit(sc, v, data, std::uint64_t(seed), unit, logger);
          });
      continue;
    }
    std::unique_ptr<sim::World> world;  // the last group's, kept while the next one's [sim] is the same
    std::string world_text;
    for (const auto& config_text : configs) {
      std::vector<const VariantSpec*> group;
      for (const auto& v : sc.variants)
        if (!writer.has_unit(v.name, seed) && sc.data_key(v) == config_text) group.push_back(&v);
      if (group.empty()) continue;
      if (video_world) {
        const sim::VideoWorldConfig world_config = sc.world_for(*group.front());
        if (!world || world_text != world_config.to_text()) {
          world_text = world_config.to_text();
          world = std::make_unique<sim::World>(world_config, std::uint64_t(seed));
        }
      }
      if (sc.task == algorithms::Task::MultiScenario) {  // the ad world (multi_scenario_runner.hpp)
        const MultiScenarioData data = build_multi_scenario_data(sc, *group.front(), std::uint64_t(seed));
        for (const VariantSpec* vp : group)
          run_one(*vp, data.hash, [&](results::UnitResult& unit) {
            CurveLogger logger(unit, progress);
            run_multi_scenario_unit(sc, *vp, data, std::uint64_t(seed), unit, logger);
          });
        continue;
      }
      if (sc.task == algorithms::Task::MultiTask) {
        const MultiTaskData data = build_multitask_data(sc, *group.front(), std::uint64_t(seed), world.get(), options.cache_dir);
        for (const VariantSpec* vp : group)
          run_one(*vp, data.hash, [&](results::UnitResult& unit) { run_multitask_unit(sc, *vp, data, std::uint64_t(seed), unit, progress); });
        continue;
      }
      const datasets::DatasetConfig data_config = sc.data_for(*group.front());
      const datasets::VideoDatasets data =
          !world                      ? datasets::build_movielens_datasets(ratings, data_config, protocol, std::uint64_t(seed))
          : options.cache_dir.empty() ? datasets::build_video_datasets(*world, data_config)
                                      : datasets::load_or_build_video_datasets(*world, data_config, options.cache_dir);
      const datasets::RetrievalSamples queries = first_test_row_per_user(data.retrieval_test);
      const std::vector<double> upload_ages =
          sc.eval.upload_age_buckets.empty() || !world ? std::vector<double>{} : video_upload_age_days(*world, data);
      // The world's retrieval references (retrieval_oracle.hpp): the same for every variant.
      const std::map<std::string, double> oracles =
          world && sc.task == algorithms::Task::Retrieval
              ? retrieval_oracle_metrics(*world, data, queries, sc.metrics, sc.eval.exclude_history)
              : std::map<std::string, double>{};
      for (const VariantSpec* vp : group)
        run_one(*vp, data.event_stream_hash, [&](results::UnitResult& unit) {
          run_unit(sc, *vp, world.get(), data, queries, upload_ages, oracles, std::uint64_t(seed), unit, progress);
        });
    }
  }
  progress.finish();
  info.end_time = results::utc_now_iso8601();
  info.exit_status = outcome.failed_units > 0 ? 1 : 0;
  outcome.path = writer.finish(info);
  return outcome;
}

}  // namespace simrec::scenarios
