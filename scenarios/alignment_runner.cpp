#include "scenarios/alignment_runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "algorithms/alignment/methods.hpp"
#include "algorithms/alignment/sft.hpp"
#include "datasets/title_data.hpp"
#include "results/metrics/classification.hpp"
#include "results/metrics/diversity.hpp"
#include "scenarios/data_hash.hpp"
#include "scenarios/scenario.hpp"

namespace simrec::scenarios {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Forwards to another logger with a prefix on every metric name.
class PrefixLogger : public algorithms::TrainingLogger {
 public:
  PrefixLogger(algorithms::TrainingLogger& inner, std::string prefix) : inner_(inner), prefix_(std::move(prefix)) {}
  void log(std::int64_t epoch, const std::string& metric, double value) override { inner_.log(epoch, prefix_ + metric, value); }
  void progress(double fraction) override { inner_.progress(fraction); }

 private:
  algorithms::TrainingLogger& inner_;
  std::string prefix_;
};

// Every token and offset widened to 8 bytes.
void add_sequences(Fnv1a& f, const datasets::TokenSequences& s) {
  for (auto t : s.tokens) f.add_u64(t);
  for (auto o : s.offsets) f.add_u64(o);
}

double held_out_auc(const std::vector<float>& scores, const datasets::EvaluatorData& d) {
  const std::vector<float> labels(d.test.labels.begin(), d.test.labels.end());
  return metrics::auc(labels, scores);
}
double held_out_auc(const algorithms::alignment::TitleEvaluator& e, const datasets::EvaluatorData& d) {
  return held_out_auc(e.score(d.test.prompts, d.test.titles), d);
}

// What the fluency evaluator can score a fluent title. Its negatives are corruptions, and the
// world's grammar finds a share q of them fluent (a dropped whole phrase, two same-class tokens
// swapped, a connector replaced by one that fits): fluent titles labelled disfluent. A calibrated
// evaluator then scores a fluent title about 1 / (1 + q) on average, however well it is trained.
//   data_fluency_real_mean / _pass   its mean score / share >= the bar on the held-out platform titles
//   data_fluency_fluent_corruptions  q on the held-out corruptions (0 with eval_fluency_drop_fluent,
//                                    which leaves them out: data_fluency_corruptions_dropped)
// scores: the evaluator's scores of d.test.
void add_fluency_ceiling(std::map<std::string, double>& stats, const sim::titles::TitleWorld& world,
                         const std::vector<float>& scores, const datasets::EvaluatorData& d, double bar) {
  double real = 0, real_sum = 0, real_pass = 0, corrupted = 0, fluent = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (d.test.labels[i]) {
      real += 1, real_sum += scores[i], real_pass += scores[i] >= bar ? 1 : 0;
    } else {
      corrupted += 1;
      fluent += world.grammar().grammatical(d.test.titles.at(i)) ? 1 : 0;
    }
  }
  stats["data_fluency_real_mean"] = real_sum / std::max(real, 1.0);
  stats["data_fluency_real_pass"] = real_pass / std::max(real, 1.0);
  stats["data_fluency_fluent_corruptions"] = fluent / std::max(corrupted, 1.0);
}

// Every prompt repeated k times in place (candidate j of prompt i at row i k + j).
datasets::TitlePrompts repeat_prompts(const datasets::TitlePrompts& p, std::size_t k) {
  datasets::TitlePrompts out;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = 0; j < k; ++j) out.push(p.industry[i], p.keywords.at(i));
  return out;
}

// The preference candidates, one per row of `repeated`: the SFT policy's samples (source 0) or
// titles the world writes for the same prompts -- its generic generator (1) or its platform
// writer (2), each row an independent title (off-policy data).
datasets::TokenSequences preference_candidates(const sim::titles::TitleWorld& world, const algorithms::alignment::TitlePolicy& sft,
                                               const datasets::TitlePrompts& repeated, const algorithms::TitleSampling& sampling,
                                               std::int64_t source, std::uint64_t seed) {
  switch (source) {
    case 0: return sft.sample(repeated, sampling, seed ^ 0x70726566ull);
    case 1: return world.generic_titles(repeated, "align/preference_generic");
    case 2: return world.platform_titles(repeated, "align/preference_platform");
  }
  throw std::invalid_argument("align.preference_source = " + std::to_string(source) + ": allowed 0, 1, 2");
}

template <typename T>
double mean(const std::vector<T>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

// Mean token count of the feedback titles labelled `desirable` (0 when there are none).
double mean_feedback_length(const datasets::UnpairedFeedback& fb, std::uint8_t desirable) {
  double tokens = 0, n = 0;
  for (std::size_t i = 0; i < fb.size(); ++i)
    if (fb.desirable[i] == desirable) {
      tokens += double(fb.completions.length(i));
      n += 1;
    }
  return n > 0 ? tokens / n : 0.0;
}

// What a policy would write at every position it scores of its own titles (after each prefix, the
// EOS position included), from its whole next-token distribution:
//   open_mass[i]     the probability on open-domain words (subj / verb / obj: the open text of the
//                    SFT mix, never in a title), mean over title i's n_i + 1 positions
//   open_mass_mean   the same, mean over all positions of all titles
//   stop_log_ratio   log pi(EOS | prefix) - log pi_ref(EOS | prefix), mean over the prefixes that
//                    may end there (the grammar allows EOS after their last token; k = 1 .. n_i):
//                    below 0, the policy stops less than the reference where a title could stop
struct PositionDiagnostics {
  std::vector<double> open_mass;
  double open_mass_mean = 0;
  double stop_log_ratio = 0;
};
PositionDiagnostics position_diagnostics(const algorithms::alignment::TitlePolicy& policy,
                                         const algorithms::alignment::TitlePolicy& reference, const sim::titles::TitleGrammar& grammar,
                                         const datasets::TitlePrompts& prompts, const datasets::TokenSequences& titles) {
  std::vector<std::uint32_t> open_words;
  for (std::uint32_t t = 0; t < grammar.vocab_size(); ++t)
    if (grammar.open_domain(t)) open_words.push_back(t);
  const std::vector<double> lp = policy.next_token_log_probs(prompts, titles).to_vector();
  const std::vector<double> ref = reference.next_token_log_probs(prompts, titles).to_vector();
  const std::size_t V = grammar.vocab_size();
  PositionDiagnostics d;
  d.open_mass.resize(titles.size());
  double mass_sum = 0, stop_sum = 0, stop_n = 0;
  std::size_t row = 0;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const auto t = titles.at(i);
    double total = 0;
    for (std::size_t q = 0; q <= t.size(); ++q, ++row) {
      for (const std::uint32_t w : open_words) total += std::exp(lp[row * V + w]);
      if (q > 0 && grammar.legal(t[q - 1], datasets::kEosToken)) {
        stop_sum += lp[row * V + datasets::kEosToken] - ref[row * V + datasets::kEosToken];
        stop_n += 1;
      }
    }
    d.open_mass[i] = total / double(t.size() + 1);
    mass_sum += total;
  }
  d.open_mass_mean = row > 0 ? mass_sum / double(row) : 0.0;
  d.stop_log_ratio = stop_n > 0 ? stop_sum / stop_n : 0.0;
  return d;
}

}  // namespace

AlignmentData build_alignment_data(const Scenario& sc, std::uint64_t seed, algorithms::TrainingLogger& logger) {
  const AlignConfig& a = sc.align;
  AlignmentData d;
  d.world = std::make_unique<sim::titles::TitleWorld>(sc.titles, seed);
  const sim::titles::TitleWorld& world = *d.world;

  // 1. Evaluators on data built as the article describes (datasets/title_data.hpp).
  datasets::TitleDataOptions eo;
  eo.fluency_pairs = std::size_t(a.eval_pairs);
  eo.style_pairs = std::size_t(a.eval_pairs);
  eo.quality_candidates = std::size_t(a.eval_quality_titles);
  eo.test_fraction = a.eval_test_fraction;
  eo.drop_fluent_corruptions = a.eval_fluency_drop_fluent != 0;
  const datasets::EvaluatorData fluency = datasets::fluency_data(world, eo);
  const datasets::EvaluatorData style = datasets::style_data(world, eo);
  const datasets::EvaluatorData quality = datasets::quality_data(world, eo);
  algorithms::alignment::TitleEvaluatorOptions evaluator_options;
  evaluator_options.epochs = a.eval_epochs;
  d.evaluators = algorithms::alignment::TitleEvaluators(evaluator_options);
  // Fluency and style are properties of the title's text: those two judge the title alone (see
  // TitleEvaluatorOptions::prompt_features for the shortcuts the prompt features would teach).
  algorithms::alignment::TitleEvaluatorOptions title_only = evaluator_options;
  title_only.prompt_features = false;
  d.evaluators.fluency = algorithms::alignment::TitleEvaluator("fluency", title_only);
  d.evaluators.style = algorithms::alignment::TitleEvaluator("style", title_only);
  d.evaluators.fit(fluency, style, quality, seed, logger);
  const std::vector<float> fluency_test = d.evaluators.fluency.score(fluency.test.prompts, fluency.test.titles);
  d.stats["data_auc_fluency"] = held_out_auc(fluency_test, fluency);
  d.stats["data_auc_style"] = held_out_auc(d.evaluators.style, style);
  d.stats["data_auc_quality"] = held_out_auc(d.evaluators.quality, quality);
  d.stats["data_quality_disagreements_dropped"] = double(quality.dropped);
  d.stats["data_fluency_corruptions_dropped"] = double(fluency.dropped);
  add_fluency_ceiling(d.stats, world, fluency_test, fluency, a.fluency_bar);

  // 2. SFT on the 1 : 1 : N mix; validation = held-out keyword -> platform-title pairs.
  datasets::SftMixOptions mo;
  mo.task_pairs = std::size_t(a.sft_prompts);
  mo.open_ratio = double(a.sft_open_ratio);
  const datasets::SftMix mix = datasets::sft_corpus(world, mo);
  const std::size_t n_validation = std::size_t(std::max<std::int64_t>(a.test_prompts, 200));
  datasets::TitleCorpus& validation = d.title_validation;
  validation.prompts = world.sample_prompts(n_validation, "align/sft_validation");
  validation.titles = world.platform_titles(validation.prompts, "align/sft_validation");
  d.open_validation = world.open_texts(n_validation, "align/open_validation");
  algorithms::alignment::TitlePolicyConfig pc;
  pc.vocab = world.vocabulary();
  pc.embedding_dim = int(a.policy_embedding_dim);
  pc.hidden_size = int(a.policy_hidden);
  pc.num_layers = int(a.policy_layers);
  algorithms::alignment::SftOptions so;
  so.epochs = int(a.sft_epochs);
  so.batch_size = int(a.sft_batch_size);
  so.learning_rate = a.sft_learning_rate;
  so.open_ratio = double(a.sft_open_ratio);
  PrefixLogger sft_logger(logger, "sft_");
  d.sft = std::make_unique<algorithms::alignment::TitlePolicy>(
      algorithms::alignment::train_sft(pc, mix.task, mix.business, mix.open, so, seed, sft_logger, &validation));
  d.stats["data_sft_nll"] = algorithms::alignment::corpus_nll(*d.sft, validation);

  // 3. Preference data: K candidates per prompt (SFT samples unless preference_source says
  //    otherwise), scored by the fluency and quality evaluators.
  const datasets::TitlePrompts pref_prompts = world.sample_prompts(std::size_t(a.preference_prompts), "align/preference");
  const datasets::TitlePrompts repeated = repeat_prompts(pref_prompts, std::size_t(a.samples_per_prompt));
  algorithms::TitleSampling ps;
  ps.temperature = a.preference_temperature;
  ps.max_length = int(a.max_length);
  const datasets::TokenSequences candidates = preference_candidates(world, *d.sft, repeated, ps, a.preference_source, seed);
  const std::vector<float> f = d.evaluators.fluency.score(repeated, candidates);
  const std::vector<float> q = d.evaluators.quality.score(repeated, candidates);
  datasets::PreferenceRule rule;
  rule.min_margin = a.preference_min_margin;
  rule.rejected_rank = std::size_t(a.preference_rejected_rank);
  rule.fluency_weight = a.preference_fluency_weight;
  rule.fluency_bar = a.fluency_bar;
  d.preferences = datasets::build_preferences(pref_prompts, candidates, std::size_t(a.samples_per_prompt), f, q, rule);
  if (a.preference_corrupted_rejected != 0) {
    const datasets::TitlePrompts& pp = d.preferences.pairs.prompts;
    const datasets::TokenSequences corrupted = world.corrupt(d.preferences.pairs.chosen, "align/preference_corruption");
    const std::vector<float> fc = d.evaluators.fluency.score(pp, corrupted), qc = d.evaluators.quality.score(pp, corrupted);
    d.preferences = datasets::with_corrupted_rejected(d.preferences, {f, q}, corrupted, {fc, qc}, rule);
  }
  if (a.preference_feedback == 1) {
    const datasets::ThresholdFeedback fb = datasets::threshold_feedback(
        pref_prompts, candidates, std::size_t(a.samples_per_prompt), {f, q}, rule, {a.feedback_desirable_min, a.feedback_undesirable_max});
    if (fb.desirable == 0 || fb.undesirable == 0)
      throw std::runtime_error("align: threshold feedback has " + std::to_string(fb.desirable) + " desirable and " +
                               std::to_string(fb.undesirable) + " undesirable titles; KTO needs both (align.feedback_desirable_min = " +
                               config::format_value(a.feedback_desirable_min) + ", align.feedback_undesirable_max = " +
                               config::format_value(a.feedback_undesirable_max) + ")");
    d.preferences.feedback = fb.feedback;
    d.stats["data_feedback_desirable"] = double(fb.desirable);
    d.stats["data_feedback_undesirable"] = double(fb.undesirable);
  }
  const auto& ps_stats = d.preferences.stats;
  if (ps_stats.kept == 0)
    throw std::runtime_error("align: no preference pair kept (every prompt's best and worst SFT samples differ by less than "
                             "align.preference_min_margin = " + config::format_value(a.preference_min_margin) + ")");
  d.stats["data_preference_pairs"] = double(ps_stats.kept);
  d.stats["data_preference_rejected_disfluent_share"] = double(ps_stats.rejected_disfluent) / double(ps_stats.kept);
  d.stats["data_preference_chosen_score"] = ps_stats.mean_chosen_score;
  d.stats["data_preference_rejected_score"] = ps_stats.mean_rejected_score;
  // Title lengths of the two sides: a length gap is what a preference loss can learn instead of
  // the content (README-alignment: DPO's long titles, KTON's under threshold feedback).
  d.stats["data_feedback_desirable_length"] = mean_feedback_length(d.preferences.feedback, 1);
  d.stats["data_feedback_undesirable_length"] = mean_feedback_length(d.preferences.feedback, 0);

  // 4. Test prompts.
  d.test_prompts = world.sample_prompts(std::size_t(a.test_prompts), "align/test");

  Fnv1a hash;
  add_sequences(hash, d.preferences.pairs.chosen);
  add_sequences(hash, d.preferences.pairs.rejected);
  add_sequences(hash, d.test_prompts.keywords);
  if (a.preference_feedback == 1) {  // the pairs alone do not determine the feedback then
    add_sequences(hash, d.preferences.feedback.completions);
    hash.add(d.preferences.feedback.desirable);
  }
  d.hash = hash.h;
  return d;
}

void run_alignment_unit(const Scenario& sc, const VariantSpec& v, const AlignmentData& data, std::uint64_t seed,
                        results::UnitResult& unit, algorithms::TrainingLogger& logger) {
  const AlignConfig& a = sc.align;
  std::unique_ptr<algorithms::Algorithm> algo = v.info.make(v.options);
  auto& m = dynamic_cast<algorithms::AlignmentAlgorithm&>(*algo);
  const auto t0 = Clock::now();
  m.fit(algorithms::AlignmentTrainView{*data.sft, data.preferences.pairs, data.preferences.feedback, seed}, logger);
  unit.timing.fit_seconds = seconds_since(t0);
  const std::size_t samples = v.algorithm == "kto" || v.algorithm == "kton" ? data.preferences.feedback.size()
                                                                            : data.preferences.pairs.size();
  unit.timing.samples_per_second = unit.timing.fit_seconds > 0 ? double(samples) / unit.timing.fit_seconds : 0;

  // The test titles: the same sampling seed for every variant (paired).
  algorithms::TitleSampling ts;
  ts.temperature = a.test_temperature;
  ts.top_k = int(a.top_k);
  ts.max_length = int(a.max_length);
  const auto t1 = Clock::now();
  const datasets::TokenSequences titles = m.generate(data.test_prompts, ts, seed ^ 0x74657374ull);
  unit.timing.predict_seconds = seconds_since(t1);

  const std::vector<float> f = data.evaluators.fluency.score(data.test_prompts, titles);
  const std::vector<float> s = data.evaluators.style.score(data.test_prompts, titles);
  const std::vector<float> q = data.evaluators.quality.score(data.test_prompts, titles);
  auto& out = unit.metrics;
  out["fluency_score"] = mean(f);
  out["style_score"] = mean(s);
  out["quality_score"] = mean(q);
  out["fluency_pass"] = double(std::count_if(f.begin(), f.end(), [&](float x) { return x >= a.fluency_bar; })) / double(f.size());
  double style = 0, coverage = 0;
  double grammatical = 0, grammatical_score = 0;  // titles with grammar fluency 1, and their evaluator score
  // Titles cut at max_length (no EOS drawn: sampling stops there), and the grammatical ones among
  // the others -- a run-on title ends mid-segment, so the cut alone makes most of them illegal.
  double truncated = 0, ended_grammatical = 0, ended_score = 0, ended_pass = 0;
  const sim::titles::TitleWorld& world = *data.world;
  // Per test title, in test-prompt order (arrays per_title_*): what the means below average, so a
  // reader can condition one on another (e.g. grammatical share by length).
  const std::size_t n_titles = titles.size();
  std::vector<double> t_length(n_titles), t_ctr(n_titles), t_fluency(n_titles), t_quality(n_titles), t_open(n_titles);
  double open_domain = 0;  // titles carrying an open-domain word (subj / verb / obj), which no title source writes
  for (std::size_t i = 0; i < n_titles; ++i) {
    const auto at = world.attributes(data.test_prompts.industry[i], data.test_prompts.keywords.at(i), titles.at(i));
    if (at.fluency >= 1.0) grammatical += 1, grammatical_score += f[i];
    const std::size_t length = titles.length(i);
    const bool cut = std::int64_t(length) >= a.max_length;
    truncated += cut ? 1.0 : 0.0;
    if (!cut) {
      ended_grammatical += at.fluency >= 1.0 ? 1.0 : 0.0;
      ended_score += f[i];
      ended_pass += f[i] >= a.fluency_bar ? 1.0 : 0.0;
    }
    style += at.style;
    double qsum = 0;
    for (int k : {sim::titles::kHook, sim::titles::kEmotion, sim::titles::kConcise, sim::titles::kNeed}) qsum += at.features[std::size_t(k)];
    coverage += at.keyword_coverage;
    t_length[i] = double(length);
    t_ctr[i] = at.ctr;
    t_fluency[i] = at.fluency;
    t_quality[i] = qsum / 4;
    t_open[i] = double(world.grammar().open_domain_tokens(titles.at(i)));
    open_domain += t_open[i] > 0 ? 1.0 : 0.0;
  }
  const double n = double(n_titles);
  out["true_ctr"] = mean(t_ctr);
  out["true_fluency"] = mean(t_fluency);
  out["true_quality"] = mean(t_quality);
  out["mean_length"] = mean(t_length);
  const std::vector<std::int64_t> dims{std::int64_t(n_titles)};
  unit.arrays["per_title_length"] = {dims, std::move(t_length)};
  unit.arrays["per_title_true_ctr"] = {dims, std::move(t_ctr)};
  unit.arrays["per_title_true_fluency"] = {dims, std::move(t_fluency)};
  unit.arrays["per_title_true_quality"] = {dims, std::move(t_quality)};
  unit.arrays["per_title_fluency_score"] = {dims, std::vector<double>(f.begin(), f.end())};
  unit.arrays["per_title_quality_score"] = {dims, std::vector<double>(q.begin(), q.end())};
  unit.arrays["per_title_style_score"] = {dims, std::vector<double>(s.begin(), s.end())};
  unit.arrays["per_title_open_domain_tokens"] = {dims, std::move(t_open)};
  if (const auto* aligner = dynamic_cast<const algorithms::alignment::PreferenceAligner*>(&m)) {
    PositionDiagnostics diag = position_diagnostics(aligner->policy(), *data.sft, world.grammar(), data.test_prompts, titles);
    out["stop_log_ratio_at_ends"] = diag.stop_log_ratio;
    // Per-token NLL of held-out text under this unit's policy: how far alignment moved it from
    // the platform's titles (title_nll; SFT's equals data_sft_nll) and from the open-domain text
    // of the SFT mix (open_text_nll: the general ability the mix is there to keep).
    out["title_nll"] = algorithms::alignment::corpus_nll(aligner->policy(), data.title_validation);
    out["open_text_nll"] = algorithms::alignment::corpus_nll(aligner->policy(), data.open_validation);
    out["open_domain_mass"] = diag.open_mass_mean;
    unit.arrays["per_title_open_domain_mass"] = {dims, std::move(diag.open_mass)};
  }
  // Where the evaluator and the grammar part: the share of titles without an illegal transition,
  // and the evaluator's mean score over those titles alone.
  out["true_fluent_share"] = grammatical / n;
  out["fluency_score_grammatical"] = grammatical > 0 ? grammatical_score / grammatical : 0.0;
  out["truncated_share"] = truncated / n;
  out["open_domain_share"] = open_domain / n;
  const double ended = n - truncated;
  out["true_fluent_share_ended"] = ended > 0 ? ended_grammatical / ended : 0.0;
  out["fluency_score_ended"] = ended > 0 ? ended_score / ended : 0.0;
  out["fluency_pass_ended"] = ended > 0 ? ended_pass / ended : 0.0;
  out["true_style"] = style / n;
  out["keyword_coverage"] = coverage / n;
  out["distinct_1"] = metrics::distinct_n(titles.tokens, titles.offsets, 1);
  out["distinct_2"] = metrics::distinct_n(titles.tokens, titles.offsets, 2);
  for (const auto& [name, value] : data.stats) out[name] = value;
  if (v.algorithm == "sft")
    for (const auto& [name, curve] : data.curves) unit.curves[name] = curve;
}

}  // namespace simrec::scenarios
