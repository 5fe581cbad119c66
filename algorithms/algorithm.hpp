#pragma once
// The common algorithm interface (SPEC §5). An algorithm declares its task and its options, fits
// on a training view of the data while reporting per-epoch values through a TrainingLogger, and
// predicts on test rows. It never sees test labels during fit, never computes its own evaluation
// metrics, and never reads the simulator's hidden truth: the harness owns all three.
//
// Each task has its own abstract interface below; the registry's factories return them as
// Algorithm, and the harness asks for the task's interface.

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "datasets/ad_samples.hpp"
#include "datasets/inventory_series.hpp"
#include "datasets/multitask_table.hpp"
#include "datasets/title_corpus.hpp"
#include "datasets/video_datasets.hpp"

namespace simrec::algorithms {

namespace alignment {
class TitlePolicy;  // algorithms/alignment/title_policy.hpp
}

enum class Task { Retrieval, Ranking, MultiTask, MultiScenario, Forecast, Alignment };
const char* task_name(Task t);
// Throws std::invalid_argument listing the allowed names.
Task parse_task(const std::string& name);

// Raised when a value reported during training is NaN or infinite: the harness stops the variant,
// records the status, and continues with the others.
class NonFiniteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Receives what an algorithm reports while fitting.
class TrainingLogger {
 public:
  virtual ~TrainingLogger() = default;
  // The value of `metric` (e.g. "train_loss") after epoch `epoch` (1-based). Non-finite values
  // throw NonFiniteError.
  virtual void log(std::int64_t epoch, const std::string& metric, double value) = 0;
  // The value of `metric` at optimizer step `step` (1-based, counted over the whole fit): for
  // dynamics an epoch mean hides (a transient in the first epoch). Stored as the curve
  // `metric + kPerStepSuffix`, whose x is the step; the harness keeps it without echoing it.
  virtual void log_step(std::int64_t step, const std::string& metric, double value) { log(step, metric + kPerStepSuffix, value); }
  static constexpr const char* kPerStepSuffix = "_per_step";  // = results::kPerStepCurveSuffix
  // Fraction of the fit done, in [0, 1] (drives the progress bar and ETA).
  virtual void progress(double fraction) { (void)fraction; }
};

// A logger that keeps nothing (for tests and tools); still rejects non-finite values.
class NullLogger : public TrainingLogger {
 public:
  void log(std::int64_t epoch, const std::string& metric, double value) override;
};

class Algorithm {
 public:
  virtual ~Algorithm() = default;
  virtual Task task() const = 0;
};

// What a video-world algorithm may see while fitting: training (and validation) tables and the
// vocabularies' sizes — no test rows, no simulator truth.
struct VideoTrainView {
  const datasets::RetrievalSamples& retrieval_train;
  const datasets::RetrievalSamples& retrieval_validation;
  const datasets::RankingSamples& ranking_train;
  const datasets::RankingSamples& ranking_validation;
  std::size_t video_buckets;    // video vocabulary size + 1 (OOV)
  std::size_t channel_buckets;
  std::size_t token_buckets;
  double t_max_seconds;         // newest training event (example age reference)
  std::uint64_t seed;           // the run seed (initialisation, sampling)
  // Training-window watches per video vocabulary index (size video_buckets - 1, most watched
  // first: the vocabulary's order), e.g. for a sampling distribution over the whole vocabulary.
  std::span<const std::uint64_t> video_counts;
};

VideoTrainView make_train_view(const datasets::VideoDatasets& d, std::uint64_t seed);

// Top-k lists for many queries, CSR: query q's items are items[offsets[q] .. offsets[q + 1]).
struct RankedLists {
  std::vector<std::int64_t> items;
  std::vector<std::int64_t> offsets{0};
  void clear() {
    items.clear();
    offsets.assign(1, 0);
  }
};

// Candidate generation: ranks the video vocabulary (indices 0 .. video_buckets - 2; the OOV bucket
// is never recommended) for each query row.
class RetrievalAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::Retrieval; }
  virtual void fit(const VideoTrainView& train, TrainingLogger& log) = 0;
  // For each row of `queries` (history, searches, demographics; labels are NOT to be read), the k
  // best video indices, best first; videos in the row's history are skipped when exclude_history.
  virtual void recommend(const datasets::RetrievalSamples& queries, int k, bool exclude_history,
                         RankedLists& out) = 0;
};

// What a ranking score means (the harness picks metrics accordingly).
enum class ScoreKind { ClickProbability, ExpectedWatchTime, Score };

// Impression ranking: a score per impression row.
class RankingAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::Ranking; }
  virtual void fit(const VideoTrainView& train, TrainingLogger& log) = 0;
  virtual ScoreKind score_kind() const = 0;
  virtual std::vector<float> score(const datasets::RankingSamples& rows) = 0;
};

// What a multi-task model may see while fitting: the training and validation tables (same schema;
// validation may be empty) and the run seed.
struct MultiTaskTrainView {
  const datasets::MultiTaskTable& train;
  const datasets::MultiTaskTable& validation;
  std::uint64_t seed;
};

// Multi-task ranking (SPEC §6): one prediction per (row, task).
class MultiTaskAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::MultiTask; }
  virtual void fit(const MultiTaskTrainView& train, TrainingLogger& log) = 0;
  // rows x num_tasks, row-major, for a table with the training schema: a probability for a binary
  // task, the predicted value for a regression task (in the label's units). Masked-out cells are
  // predicted too (the harness ignores them).
  virtual std::vector<float> predict(const datasets::MultiTaskTable& rows) = 0;
};

// What a forecaster may see while fitting: the observed history (values of days before the test
// period only; the calendar extends further) and the run seed.
struct ForecastTrainView {
  const datasets::InventorySeries& history;
  std::uint64_t seed;
};

// Inventory forecasting (SPEC §6): daily requests of every series (targeting cross).
class ForecastAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::Forecast; }
  // Offline training on the history.
  virtual void fit(const ForecastTrainView& train, TrainingLogger& log) = 0;
  // Online incremental training after one more day was observed: `history` is the fitted history
  // plus every day since (called once per new day, in order). Default: nothing (a frozen model).
  virtual void observe_day(const datasets::InventorySeries& history, TrainingLogger& log) {
    (void)history;
    (void)log;
  }
  // Forecasts days [history.num_days, history.num_days + horizon) of every series (N days ahead
  // by rolling where the model is one-step): num_series x horizon, row-major, in requests.
  virtual std::vector<float> forecast(const datasets::InventorySeries& history, int horizon) = 0;
  // Each series' model group (the K-means scale group), or empty when the algorithm has none.
  virtual std::vector<int> series_groups() const { return {}; }
};

// What a multi-scenario model may see while fitting (SPEC §6 AdaScene): the training and
// validation ad tables (same schema; validation may be empty), the scenario key of every row and
// the number of keys. The key is a column the harness chooses: the raw scenario id
// (table.scenario), or a group id from scene aggregation; keys lie in [0, num_scenarios).
struct MultiScenarioTrainView {
  const datasets::AdSampleTable& train;
  const datasets::AdSampleTable& validation;
  std::span<const std::uint32_t> train_key;       // train.size() entries
  std::span<const std::uint32_t> validation_key;  // validation.size() entries
  std::uint32_t num_scenarios;
  std::uint64_t seed;
};

// Mean gate weight per (scenario key, expert) over some rows (article 004 figures 5-7):
// weight[s * num_experts + e] = mean over the rows with key s of the weight the model gives
// expert e (0 for keys without rows); rows[s] = how many rows had key s.
struct ExpertUtilisation {
  std::uint32_t num_scenarios = 0, num_experts = 0;
  std::vector<double> weight;
  std::vector<std::uint64_t> rows;
  double at(std::uint32_t s, std::uint32_t e) const { return weight[std::size_t(s) * num_experts + e]; }
};

// A scene grouping (article 004 scene aggregation, SPEC §6): which group each raw scenario id was
// put in, and the scenario-to-scenario affinity it came from (empty for rule-based groupings).
struct SceneGrouping {
  std::string method;                // e.g. "channel", "gradient_regulation", "lookahead", "meta_weights"
  std::uint32_t num_scenarios = 0, num_groups = 0;
  std::vector<std::uint32_t> group;  // per raw scenario id, in [0, num_groups)
  std::vector<double> affinity;      // num_scenarios x num_scenarios row-major, or empty (always
                                     // empty above kMaxDenseAffinity scenarios)
  std::uint64_t affinity_pairs = 0;  // ordered scenario pairs the affinity measured
  std::uint64_t affinity_edges = 0;  // edges of the partition's graph
  // When stage 1 measured the affinity between cells of a rule (e.g. channel x format) instead of
  // raw scenarios: the unit's name, each raw scenario's cell (0xffffffff: none), the number of
  // cells and their num_units x num_units affinity (affinity above is then empty).
  std::string unit = "scenario";
  std::vector<std::uint32_t> unit_of;
  std::uint32_t num_units = 0;
  std::vector<double> unit_affinity;
};

// Largest scenario count for which SceneGrouping::affinity is filled (S x S doubles: 32 MB).
inline constexpr std::uint32_t kMaxDenseAffinity = 2000;

// Multi-scenario click prediction: one click probability per row.
class MultiScenarioAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::MultiScenario; }
  virtual void fit(const MultiScenarioTrainView& train, TrainingLogger& log) = 0;
  // Click probability per row of `rows` (training schema), `key` as in fit (rows.size() entries).
  virtual std::vector<float> predict(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) = 0;
  // Expert utilisation over `rows`; empty (num_experts = 0) for a model without experts.
  virtual ExpertUtilisation expert_utilisation(const datasets::AdSampleTable& rows, std::span<const std::uint32_t> key) {
    (void)rows;
    (void)key;
    return {};
  }
  // The grouping an aggregating model found while fitting (stage 1), or nullptr for a model that
  // uses the keys as given.
  virtual const SceneGrouping* grouping() const { return nullptr; }
};

// How titles are sampled from a policy.
struct TitleSampling {
  double temperature = 1.0;  // > 0
  int top_k = 0;             // 0: the whole vocabulary
  int max_length = 24;       // content tokens; generation stops at EOS or here
};

// What an alignment method may see while fitting (SPEC §6 alignment; article 002): the SFT
// checkpoint (start point and frozen reference), the preference data labelled by the evaluators
// (pairs for DPO / IPO, unpaired feedback for KTO / KTON: the same sampled titles) and the seed.
struct AlignmentTrainView {
  const alignment::TitlePolicy& sft;
  const datasets::PreferencePairs& pairs;
  const datasets::UnpairedFeedback& feedback;
  std::uint64_t seed;
};

// Aligns a title generator; the harness scores what it generates.
class AlignmentAlgorithm : public Algorithm {
 public:
  Task task() const override { return Task::Alignment; }
  virtual void fit(const AlignmentTrainView& train, TrainingLogger& log) = 0;
  // One title per prompt (content tokens, no BOS / EOS), sampled with `sampling`; deterministic
  // in (model, prompts, sampling, seed).
  virtual datasets::TokenSequences generate(const datasets::TitlePrompts& prompts, const TitleSampling& sampling,
                                            std::uint64_t seed) const = 0;
};

}  // namespace simrec::algorithms
