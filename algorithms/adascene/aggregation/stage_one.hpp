#pragma once
// Scene aggregation stage 1 (SPEC §6): train the AffinityProbe (affinity_probe.hpp) on the raw
// scenario keys with the plain mean BCE (Adam), letting one affinity method (lookahead_affinity,
// gradient_regulation, meta_weights) observe every step, and return its affinity (sparse_affinity.hpp).
//
// Mini-batches of batch_size rows are shuffled per epoch by Fisher-Yates on the Philox stream
// "adascene/aggregation/shuffle" (entity = epoch); initial weights from Module::init(seed).
// The method observes the steps of epochs warmup_epochs + 1 .. epochs only: the first
// warmup_epochs train the probe from its random init without measuring (nor regulating), so
// the affinity is taken on a probe that has learned the common part of the task.
// Logs "stage1_train_loss" per epoch (the mean BCE), and "stage1_pairs" (ordered scenario pairs
// observed so far). Deterministic: counter-based shuffles, ordered pair tables, thread-count
// independent kernels.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "algorithms/adascene/aggregation/gradient_regulation.hpp"
#include "algorithms/adascene/aggregation/lookahead_affinity.hpp"
#include "algorithms/adascene/aggregation/meta_weights.hpp"
#include "algorithms/algorithm.hpp"

namespace simrec::algorithms::adascene::aggregation {

enum class AffinityKind { GradientRegulation, Lookahead, MetaWeights };

// Which sample fields the probe reads (AffinityProbe's dropped fields):
//   All             every field;
//   NoScenario      without the fields that name the scenario (channel, app, format, slot): the
//                   shared layer E can then not condition on the scenario, so what scenarios want
//                   differently from E shows in their gradients instead of being absorbed by E
//                   (a scenario is seen only through its own head, as tasks are in TAG);
//   NoScenarioNoIds also without user_id, ad_id and merchant (high-cardinality ids whose
//                   embeddings add gradient dimensions that are mostly per-row noise).
enum class ProbeInputs { All, NoScenario, NoScenarioNoIds };

// The flags for AffinityProbe's `dropped` argument (empty for All); fields of those names that
// the table lacks are simply absent.
std::vector<bool> dropped_fields(const datasets::AdSampleTable& table, ProbeInputs inputs);

struct StageOneOptions {
  AffinityKind kind = AffinityKind::Lookahead;
  std::int64_t epochs = 2;
  std::int64_t warmup_epochs = 0;  // epochs trained before the method observes (0 <= warmup < epochs)
  std::int64_t batch_size = 512;
  double learning_rate = 3e-3;
  std::int64_t embedding_dim = 8;
  std::int64_t expert_width = 16;  // H
  std::int64_t interval = 4;       // affinity measured every `interval` steps
  std::int64_t window = 0;         // 0 per-batch, W > 0 accumulated over W measured steps (gradient_window.hpp)
  bool centre = false;             // lookahead / meta weights, accumulated: gradients minus their row-weighted mean
  bool cosine = false;             // lookahead, accumulated: cosine of the window means
  double lambda = 0.1;             // gradient regulation
  double step_size = 0.1;          // look-ahead eta (lookahead, meta weights)
  double affinity_lr = 0.5;        // logit step (gradient regulation, meta weights)
  PairLimit limit = {};               // which pairs the affinity keeps (sparse_affinity.hpp; set by the caller)
  std::int64_t max_steps = 0;      // 0: no limit (benches cap the steps)
  ProbeInputs inputs = ProbeInputs::All;
};

std::unique_ptr<AffinityMethod> make_affinity_method(std::uint32_t num_scenarios, const StageOneOptions& o);

struct StageOneResult {
  std::unique_ptr<AffinityMethod> method;  // affinity() / pairs_observed()
  std::uint64_t steps = 0;
};

// Trains on `table` keyed by `key` (raw scenario ids in [0, num_scenarios)).
StageOneResult run_stage_one(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key, std::uint32_t num_scenarios,
                             const StageOneOptions& o, std::uint64_t seed, TrainingLogger& log);

}  // namespace simrec::algorithms::adascene::aggregation
