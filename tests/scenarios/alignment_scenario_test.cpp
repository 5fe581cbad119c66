// The alignment harness (task = alignment): [titles] / [align] sections with their errors, and an
// end-to-end run on a tiny title world (evaluators, SFT, preference data shared by the variants of
// a seed; metrics present and in range; same seed -> identical run).
#include <catch2/catch.hpp>
#include <cmath>
#include <algorithm>
#include <filesystem>

#include "algorithms/alignment/sft.hpp"
#include "results/store/run_file.hpp"
#include "scenarios/alignment_runner.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario.hpp"
#include "support/python_runner.hpp"

using namespace simrec;

namespace {

const std::string kTiny = R"(name = align-tiny
task = alignment
seeds = 1, 2
metrics = quality_score, fluency_score, style_score, fluency_pass, true_ctr, true_fluency, distinct_2
[titles]
num_industries = 3
keywords_per_industry = 8
[align]
eval_pairs = 200
eval_quality_titles = 400
eval_epochs = 2
policy_embedding_dim = 8
policy_hidden = 16
sft_prompts = 150
sft_open_ratio = 1
sft_epochs = 2
preference_prompts = 80
samples_per_prompt = 3
preference_min_margin = 0.01
test_prompts = 60
[variant.sft]
algorithm = sft
[variant.dpo]
algorithm = dpo
epochs = 1
[variant.kton]
algorithm = kton
epochs = 1
)";

}  // namespace

TEST_CASE("alignment scenario: sections, knobs and metrics are checked with clear messages", "[scenarios][alignment][errors]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "a.ini", {});
  CHECK(sc.titles.num_industries == 3);
  CHECK(sc.align.samples_per_prompt == 3);
  CHECK(sc.resolved_text().find("[align]\n") != std::string::npos);
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"align.samples_per_prompt=1"}),
                    Catch::Contains("align.samples_per_prompt") && Catch::Contains("allowed [2, 1000]"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"align.sft_epoch=3"}), Catch::Contains("unknown option align.sft_epoch"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"titles.num_industries=0"}), Catch::Contains("titles.num_industries"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"metrics=auc"}),
                    Catch::Contains("not available for task alignment") && Catch::Contains("quality_score"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"variant.dpo.beta=0"}), Catch::Contains("beta"));
  const std::string retrieval = "name = r\ntask = retrieval\nseeds = 1\nmetrics = recall@10\n[align]\ntest_prompts = 5\n"
                                "[variant.pop]\nalgorithm = mostpop\n";
  CHECK_THROWS_WITH(scenarios::load_scenario_text(retrieval, "r.ini", {}), Catch::Contains("only for task = alignment"));
}

TEST_CASE("alignment runner: a tiny title world end to end, shared data per seed, deterministic", "[scenarios][alignment][runner]") {
  const auto sc = scenarios::load_scenario_text(kTiny, "a.ini", {});
  const std::string dir = testing::make_temp_dir("simrec_align_run_");
  scenarios::RunOptions o;
  o.progress_out = stdout;
  o.out_path = dir + "/a.h5";
  REQUIRE(scenarios::run_scenario(sc, o).failed_units == 0);
  o.out_path = dir + "/b.h5";
  REQUIRE(scenarios::run_scenario(sc, o).failed_units == 0);
  const auto a = results::read_run(dir + "/a.h5"), b = results::read_run(dir + "/b.h5");
  REQUIRE(a.units.size() == 6);
  int truncated_units = 0;
  for (const auto& u : a.units) {
    INFO(u.variant << " seed " << u.seed << ": " << u.status);
    REQUIRE(u.ok());
    for (const char* m : {"fluency_score", "style_score", "quality_score", "fluency_pass", "true_ctr", "true_fluency", "distinct_1",
                          "distinct_2", "mean_length", "data_auc_fluency", "data_auc_style", "data_auc_quality", "data_preference_pairs",
                          "data_fluency_real_mean", "data_fluency_real_pass", "data_fluency_fluent_corruptions",
                          "true_fluent_share", "fluency_score_grammatical", "truncated_share", "true_fluent_share_ended", "fluency_score_ended", "fluency_pass_ended",
                          "open_domain_share", "open_domain_mass"}) {
      INFO(m);
      REQUIRE(u.metrics.count(m) == 1);
      CHECK(u.metrics.at(m) >= 0);
    }
    for (const char* m : {"fluency_score", "quality_score", "fluency_pass", "true_ctr", "distinct_2", "data_auc_fluency",
                          "data_fluency_real_mean", "data_fluency_real_pass", "true_fluent_share", "fluency_score_grammatical",
                          "truncated_share", "true_fluent_share_ended", "open_domain_share"})
      CHECK(u.metrics.at(m) <= 1);
    CHECK(u.metrics.at("true_fluent_share") <= u.metrics.at("true_fluency") + 1e-12);  // a fluent title has fluency 1
    // Most corruptions break the grammar (sim/README.md: 3.9% stay fluent at scale).
    CHECK(u.metrics.at("data_fluency_fluent_corruptions") < 0.25);
    CHECK(u.metrics.at("mean_length") <= sc.align.max_length);
    CHECK(u.metrics.at("data_preference_pairs") >= 1);
    const results::UnitResult* twin = b.find(u.variant, u.seed);
    REQUIRE(twin);
    CHECK(twin->metrics == u.metrics);  // same seed: identical
    // Per test title, the values the means average (in test-prompt order).
    auto mean_of = [&](const char* array) {
      INFO(array);
      REQUIRE(u.arrays.count(array) == 1);
      const auto& v = u.arrays.at(array).values;
      REQUIRE(u.arrays.at(array).dims == std::vector<std::int64_t>{std::int64_t(sc.align.test_prompts)});
      double total = 0;
      for (double x : v) total += x;
      return total / double(v.size());
    };
    CHECK(mean_of("per_title_length") == Approx(u.metrics.at("mean_length")).epsilon(1e-12));
    CHECK(mean_of("per_title_true_ctr") == Approx(u.metrics.at("true_ctr")).epsilon(1e-12));
    CHECK(mean_of("per_title_true_fluency") == Approx(u.metrics.at("true_fluency")).epsilon(1e-12));
    CHECK(mean_of("per_title_true_quality") == Approx(u.metrics.at("true_quality")).epsilon(1e-12));
    CHECK(mean_of("per_title_fluency_score") == Approx(u.metrics.at("fluency_score")).epsilon(1e-6));
    CHECK(mean_of("per_title_quality_score") == Approx(u.metrics.at("quality_score")).epsilon(1e-6));
    CHECK(mean_of("per_title_style_score") == Approx(u.metrics.at("style_score")).epsilon(1e-6));
    // Titles cut at max_length, and the grammatical share among the others, from the same arrays.
    const auto& len = u.arrays.at("per_title_length").values;
    const auto& flu = u.arrays.at("per_title_true_fluency").values;
    const auto& score = u.arrays.at("per_title_fluency_score").values;
    double cut = 0, ended = 0, ended_ok = 0, ended_score = 0, ended_pass = 0;
    for (std::size_t i = 0; i < len.size(); ++i) {
      if (len[i] >= double(sc.align.max_length)) {
        cut += 1;
      } else {
        ended += 1;
        ended_ok += flu[i] >= 1.0 ? 1.0 : 0.0;
        ended_score += score[i];
        ended_pass += score[i] >= sc.align.fluency_bar ? 1.0 : 0.0;
      }
    }
    INFO("truncated " << cut << " of " << len.size());
    CHECK(u.metrics.at("truncated_share") == Approx(cut / double(len.size())).epsilon(1e-12));
    CHECK(u.metrics.at("true_fluent_share_ended") == Approx(ended > 0 ? ended_ok / ended : 0.0).epsilon(1e-12));
    CHECK(u.metrics.at("fluency_score_ended") == Approx(ended > 0 ? ended_score / ended : 0.0).epsilon(1e-6));
    CHECK(u.metrics.at("fluency_pass_ended") == Approx(ended > 0 ? ended_pass / ended : 0.0).epsilon(1e-12));
    truncated_units += cut > 0 && ended > 0 ? 1 : 0;
    // Titles with an open-domain word, from their per-title counts.
    REQUIRE(u.arrays.count("per_title_open_domain_tokens") == 1);
    double with_open = 0;
    for (double c : u.arrays.at("per_title_open_domain_tokens").values) {
      CHECK(c == std::floor(c));
      CHECK(c <= double(sc.align.max_length));
      with_open += c > 0 ? 1.0 : 0.0;
    }
    CHECK(u.metrics.at("open_domain_share") == Approx(with_open / double(len.size())).epsilon(1e-12));
    // The policy's open-domain probability: a per-title mean over its length + 1 positions.
    REQUIRE(u.arrays.count("per_title_open_domain_mass") == 1);
    double mass = 0, positions = 0;
    const auto& per_title_mass = u.arrays.at("per_title_open_domain_mass").values;
    for (std::size_t i = 0; i < len.size(); ++i) {
      CHECK(per_title_mass[i] >= 0);
      CHECK(per_title_mass[i] <= 1);
      mass += per_title_mass[i] * (len[i] + 1);
      positions += len[i] + 1;
    }
    CHECK(u.metrics.at("open_domain_mass") == Approx(mass / positions).epsilon(1e-12));
    CHECK(u.metrics.at("open_domain_mass") > 0);  // a softmax gives every word some mass
    // The stop log-ratio against SFT at the titles' possible ends: exactly 0 for SFT itself.
    REQUIRE(u.metrics.count("stop_log_ratio_at_ends") == 1);
    CHECK(std::isfinite(u.metrics.at("stop_log_ratio_at_ends")));
    if (u.variant == "sft") CHECK(u.metrics.at("stop_log_ratio_at_ends") == 0.0);
    else CHECK(u.metrics.at("stop_log_ratio_at_ends") != 0.0);
    // Held-out NLL under the unit's policy: SFT's title NLL is its validation NLL; an aligned
    // policy has moved (its NLL differs). What open_text_nll scores is checked below.
    REQUIRE(u.metrics.count("title_nll") == 1);
    REQUIRE(u.metrics.count("open_text_nll") == 1);
    if (u.variant == "sft") CHECK(u.metrics.at("title_nll") == u.metrics.at("data_sft_nll"));
    else CHECK(u.metrics.at("title_nll") != u.metrics.at("data_sft_nll"));
    CHECK(u.metrics.at("open_text_nll") > 0);
  }
  {
    // open_text_nll is the policy's NLL of held-out open-domain texts: every text is clauses of
    // open-domain words, and the SFT unit's value is the SFT checkpoint's NLL of exactly them.
    algorithms::NullLogger quiet;
    const scenarios::AlignmentData data = scenarios::build_alignment_data(sc, 1, quiet);
    REQUIRE(data.open_validation.size() >= 200);
    for (std::size_t i = 0; i < data.open_validation.size(); ++i) {
      CHECK(data.open_validation.prompts.keywords.at(i).empty());
      CHECK(data.world->grammar().open_domain_tokens(data.open_validation.titles.at(i)) >= 3);
    }
    CHECK(a.find("sft", 1)->metrics.at("open_text_nll") ==
          algorithms::alignment::corpus_nll(*data.sft, data.open_validation));
    CHECK(a.find("sft", 1)->metrics.at("title_nll") == algorithms::alignment::corpus_nll(*data.sft, data.title_validation));
  }
  CHECK(truncated_units > 0);  // the check above saw both kinds of title at least once
  // One SFT checkpoint and one preference set per seed: every variant of a seed saw the same data,
  // and the sft unit carries the shared stages' curves; the methods log their log-ratio curves.
  CHECK(a.find("sft", 1)->data_hash == a.find("kton", 1)->data_hash);
  CHECK(a.find("sft", 1)->data_hash != a.find("sft", 2)->data_hash);
  CHECK(a.find("sft", 1)->metrics.at("data_sft_nll") == a.find("dpo", 1)->metrics.at("data_sft_nll"));
  CHECK(a.find("sft", 1)->curves.count("sft_train_nll") == 1);
  CHECK(a.find("sft", 1)->curves.count("fluency_train_loss") == 1);
  CHECK(a.find("dpo", 1)->curves.count("chosen_log_ratio") == 1);
  CHECK(a.find("kton", 1)->curves.count("rejected_log_ratio") == 1);
  // ... and per optimizer step, stored with the step as x (1, 2, ...), more points than epochs.
  const results::Curve& steps = a.find("kton", 1)->curves.at("rejected_log_ratio_per_step");
  const results::Curve& epochs = a.find("kton", 1)->curves.at("rejected_log_ratio");
  CHECK(steps.x.size() > epochs.x.size());
  for (std::size_t i = 0; i < steps.x.size(); ++i) CHECK(steps.x[i] == double(i + 1));
  std::filesystem::remove_all(dir);
}

TEST_CASE("alignment data: preference_source picks who writes the candidates", "[scenarios][alignment][runner]") {
  algorithms::NullLogger quiet;
  auto sc = scenarios::load_scenario_text(kTiny, "a.ini", {});
  const std::size_t k = std::size_t(sc.align.samples_per_prompt);
  // The candidate rows the world writes for the preference prompts, k per prompt, in the runner's order.
  auto world_rows = [&](const scenarios::AlignmentData& d, bool generic) {
    const auto prompts = d.world->sample_prompts(std::size_t(sc.align.preference_prompts), "align/preference");
    datasets::TitlePrompts repeated;
    for (std::size_t i = 0; i < prompts.size(); ++i)
      for (std::size_t j = 0; j < k; ++j) repeated.push(prompts.industry[i], prompts.keywords.at(i));
    return generic ? d.world->generic_titles(repeated, "align/preference_generic")
                   : d.world->platform_titles(repeated, "align/preference_platform");
  };
  auto matches = [](const scenarios::AlignmentData& d, const datasets::TokenSequences& rows) {
    std::size_t same = 0;
    for (std::size_t p = 0; p < d.preferences.pairs.size(); ++p) {
      const auto c = d.preferences.pairs.chosen.at(p), r = rows.at(d.preferences.chosen_row[p]);
      same += std::equal(c.begin(), c.end(), r.begin(), r.end()) ? 1 : 0;
    }
    return same;
  };
  const auto on_policy = scenarios::build_alignment_data(sc, 1, quiet);
  REQUIRE(on_policy.preferences.pairs.size() > 0);
  CHECK(matches(on_policy, world_rows(on_policy, true)) < on_policy.preferences.pairs.size());
  for (int source : {1, 2}) {
    INFO("preference_source = " << source);
    sc.align.preference_source = source;
    const auto d = scenarios::build_alignment_data(sc, 1, quiet);
    REQUIRE(d.preferences.pairs.size() > 0);
    CHECK(matches(d, world_rows(d, source == 1)) == d.preferences.pairs.size());
    // The SFT checkpoint and the test prompts do not depend on the source.
    CHECK(d.stats.at("data_sft_nll") == on_policy.stats.at("data_sft_nll"));
    CHECK(d.test_prompts.industry == on_policy.test_prompts.industry);
    CHECK(d.test_prompts.keywords.tokens == on_policy.test_prompts.keywords.tokens);
    CHECK(d.test_prompts.keywords.offsets == on_policy.test_prompts.keywords.offsets);
  }
  sc.align.preference_source = 3;
  CHECK_THROWS_WITH(sc.align.validate(), Catch::Contains("preference_source") && Catch::Contains("[0, 2]"));
}

TEST_CASE("alignment data: preference_feedback = 1 labels every candidate by thresholds; the pairs stay", "[scenarios][alignment][runner]") {
  algorithms::NullLogger quiet;
  auto sc = scenarios::load_scenario_text(kTiny, "a.ini", {});
  const auto paired = scenarios::build_alignment_data(sc, 1, quiet);
  CHECK(paired.stats.count("data_feedback_desirable") == 0);
  // Default: the feedback is the pairs' two sides.
  REQUIRE(paired.preferences.feedback.size() == 2 * paired.preferences.pairs.size());
  sc.align.preference_feedback = 1;
  // The tiny policy's candidates score 0.1-0.5 (fluency x quality): thresholds inside that range.
  sc.align.feedback_desirable_min = 0.4;
  sc.align.feedback_undesirable_max = 0.3;
  const auto th = scenarios::build_alignment_data(sc, 1, quiet);
  // Same candidates, same pairs, same checkpoint: only the KTO feedback differs.
  CHECK(th.preferences.pairs.chosen.tokens == paired.preferences.pairs.chosen.tokens);
  CHECK(th.preferences.pairs.rejected.tokens == paired.preferences.pairs.rejected.tokens);
  CHECK(th.stats.at("data_sft_nll") == paired.stats.at("data_sft_nll"));
  const auto& fb = th.preferences.feedback;
  const double desirable = th.stats.at("data_feedback_desirable"), undesirable = th.stats.at("data_feedback_undesirable");
  CHECK(desirable > 0);
  CHECK(undesirable > 0);
  REQUIRE(double(fb.size()) == desirable + undesirable);
  CHECK(double(std::count(fb.desirable.begin(), fb.desirable.end(), std::uint8_t{1})) == desirable);
  // Mean title length per side, recomputed from the feedback.
  double len[2] = {0, 0};
  for (std::size_t i = 0; i < fb.size(); ++i) len[fb.desirable[i]] += double(fb.completions.length(i));
  CHECK(th.stats.at("data_feedback_desirable_length") == Approx(len[1] / desirable).epsilon(1e-12));
  CHECK(th.stats.at("data_feedback_undesirable_length") == Approx(len[0] / undesirable).epsilon(1e-12));
  CHECK(paired.stats.at("data_feedback_desirable_length") > 0);
  // Candidates are labelled on their own: more feedback than the pairs' two sides hold at most
  // (80 prompts x 3 samples), and the labels agree with the quality evaluator's thresholds.
  CHECK(fb.size() <= std::size_t(sc.align.preference_prompts * sc.align.samples_per_prompt));
  CHECK(fb.size() != paired.preferences.feedback.size());
  const std::vector<float> q = th.evaluators.quality.score(fb.prompts, fb.completions);
  const std::vector<float> fl = th.evaluators.fluency.score(fb.prompts, fb.completions);
  for (std::size_t i = 0; i < fb.size(); ++i) {
    const double c = double(fl[i]) * double(q[i]);  // kTiny ranks by fluency x quality (weight 1)
    if (fb.desirable[i]) CHECK(c >= 0.4 - 1e-6);
    else CHECK(c <= 0.3 + 1e-6);
  }
  CHECK(th.hash != paired.hash);  // the run's data hash sees the feedback
  // Bad combinations are named.
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"align.preference_feedback=1", "align.feedback_desirable_min=0.2"}),
                    Catch::Contains("align.feedback_undesirable_max") && Catch::Contains("align.feedback_desirable_min"));
  CHECK_THROWS_WITH(
      scenarios::load_scenario_text(kTiny, "a.ini", {"align.preference_feedback=1", "align.preference_corrupted_rejected=1"}),
      Catch::Contains("cannot be combined"));
  CHECK_THROWS_WITH(scenarios::load_scenario_text(kTiny, "a.ini", {"align.preference_feedback=2"}), Catch::Contains("[0, 1]"));
}
