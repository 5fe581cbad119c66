#include "algorithms/adascene/aggregation/stage_one.hpp"

#include <algorithm>
#include <numeric>

#include "algorithms/options.hpp"
#include "nn/losses/bce_with_logits.hpp"
#include "nn/ops/elementwise.hpp"
#include "nn/ops/reduce.hpp"
#include "nn/optim/adam.hpp"
#include "sim/random/philox.hpp"

namespace simrec::algorithms::adascene::aggregation {

std::unique_ptr<AffinityMethod> make_affinity_method(std::uint32_t S, const StageOneOptions& o) {
  switch (o.kind) {
    case AffinityKind::GradientRegulation:
      return std::make_unique<GradientRegulation>(S, GradientRegulationOptions{o.lambda, o.affinity_lr, o.interval, o.window, o.limit});
    case AffinityKind::MetaWeights:
      return std::make_unique<MetaWeights>(S, MetaWeightOptions{o.step_size, o.affinity_lr, o.interval, o.window, o.centre, o.limit});
    case AffinityKind::Lookahead:
      break;
  }
  return std::make_unique<LookaheadAffinity>(S, LookaheadOptions{o.interval, o.step_size, o.window, o.centre, o.limit, o.cosine});
}

std::vector<bool> dropped_fields(const datasets::AdSampleTable& table, ProbeInputs inputs) {
  if (inputs == ProbeInputs::All) return {};
  std::vector<std::string> names = {"channel", "app", "format", "slot"};
  if (inputs == ProbeInputs::NoScenarioNoIds) names.insert(names.end(), {"user_id", "ad_id", "merchant"});
  std::vector<bool> dropped(table.num_fields(), false);
  for (std::size_t f = 0; f < table.num_fields(); ++f)
    dropped[f] = std::find(names.begin(), names.end(), table.field_names[f]) != names.end();
  return dropped;
}

StageOneResult run_stage_one(const datasets::AdSampleTable& table, std::span<const std::uint32_t> key, std::uint32_t S,
                             const StageOneOptions& o, std::uint64_t seed, TrainingLogger& log) {
  AffinityProbe probe(table.field_buckets, S, o.embedding_dim, o.expert_width, dropped_fields(table, o.inputs));
  probe.init(seed);
  probe.train();
  nn::AdamOptions adam;
  adam.lr = o.learning_rate;
  nn::Adam optimizer(probe.named_parameters(), adam);

  if (o.warmup_epochs < 0 || o.warmup_epochs >= o.epochs)
    throw OptionError("ada_aggregated.stage1_warmup_epochs = " + std::to_string(o.warmup_epochs) + " with stage1_epochs = " + std::to_string(o.epochs) +
                      ": allowed 0 <= stage1_warmup_epochs < stage1_epochs (at least one epoch must be measured)");
  StageOneResult result{make_affinity_method(S, o), 0};
  std::vector<std::size_t> order(table.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  const std::size_t batch_size = std::size_t(o.batch_size);
  const std::size_t total_steps = std::size_t(o.epochs) * ((order.size() + batch_size - 1) / batch_size);
  for (std::int64_t epoch = 1; epoch <= o.epochs; ++epoch) {
    random::Rng rng(seed, "adascene/aggregation/shuffle", std::uint64_t(epoch));
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
    double loss_sum = 0;
    std::size_t seen = 0;
    for (std::size_t first = 0; first < order.size(); first += batch_size) {
      if (o.max_steps > 0 && result.steps >= std::uint64_t(o.max_steps)) break;
      const std::span<const std::size_t> rows(order.data() + first, std::min(batch_size, order.size() - first));
      ProbeBatch batch;
      const nn::Tensor x = probe.embed(table, key, rows, batch);
      const std::int64_t B = std::int64_t(rows.size());
      nn::Tensor loss = nn::bce_with_logits(probe.logits(x, batch.keys, probe.W(), probe.b(), true), nn::Tensor::from({B}, batch.y));
      loss_sum += loss.item() * double(B);
      seen += rows.size();
      const std::vector<float> extra =
          epoch > o.warmup_epochs ? result.method->observe(probe, batch, result.steps) : std::vector<float>{};
      if (!extra.empty()) {
        // Adds `extra` to E's gradient: d/dE sum(E * extra) = extra.
        const std::int64_t H = probe.W().dim(0), D = probe.W().dim(1);
        const std::vector<float> dW(extra.begin(), extra.begin() + H * D), db(extra.begin() + H * D, extra.end());
        loss = loss + nn::sum_all(probe.W() * nn::Tensor::from({H, D}, dW)) + nn::sum_all(probe.b() * nn::Tensor::from({H}, db));
      }
      loss.backward();
      optimizer.step();
      optimizer.zero_grad();
      ++result.steps;
      log.progress(double(result.steps) / double(std::max<std::size_t>(total_steps, 1)));
    }
    if (seen > 0) log.log(epoch, "stage1_train_loss", loss_sum / double(seen));
    if (epoch == o.epochs) result.method->finish();  // an accumulating method's last window counts in the last epoch
    log.log(epoch, "stage1_pairs", double(result.method->pairs_observed()));
  }
  return result;
}

}  // namespace simrec::algorithms::adascene::aggregation
