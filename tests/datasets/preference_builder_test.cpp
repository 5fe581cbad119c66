// Preference data from scored samples (datasets/preference_builder.hpp), on hand-built scores.
#include <catch2/catch.hpp>

#include <span>
#include <vector>

#include "datasets/preference_builder.hpp"

using namespace simrec::datasets;

namespace {
std::vector<std::uint32_t> seq(std::initializer_list<std::uint32_t> s) { return s; }

// Three prompts with three scored candidates each (the values are explained in the first case).
struct ThreePrompts {
  TitlePrompts prompts;
  TokenSequences cand;
  std::vector<float> f = {0.9f, 0.5f, 0.99f, 1.0f, 0.9f, 0.8f, 1.0f, 0.0f, 0.5f};
  std::vector<float> q = {0.5f, 0.9f, 0.8f, 0.5f, 0.5f, 0.6f, 0.9f, 1.0f, 0.6f};
  ThreePrompts() {
    prompts.push(0, seq({10}));
    prompts.push(1, seq({11, 12}));
    prompts.push(2, seq({13}));
    for (auto s : {seq({20, 21}), seq({22}), seq({23, 24, 25}), seq({30}), seq({31}), seq({32}), seq({40}), seq({41}), seq({42})}) cand.push(s);
  }
};
}  // namespace

TEST_CASE("preference builder: chosen = best fluency x quality, rejected = worst, margin filter", "[datasets][preference]") {
  // Prompt 0: combined 0.9*0.5 = 0.45, 0.5*0.9 = 0.45, 0.99*0.8 = 0.792 -> chosen row 2, rejected
  // row 0 (tie with row 1 at 0.45: the lower index), margin 0.342 >= 0.1: kept.
  // Prompt 1: combined 0.5, 0.45, 0.48 -> margin 0.05 < 0.1: dropped.
  // Prompt 2: combined 0.9, 0.0, 0.3 -> chosen row 6, rejected row 7 (fluency 0 < bar).
  const ThreePrompts t;
  const auto& [prompts, cand, f, q] = t;
  const PreferenceData d = build_preferences(prompts, cand, 3, f, q, PreferenceRule{});
  REQUIRE(d.pairs.size() == 2);
  CHECK(d.pairs.prompts.industry == std::vector<std::uint32_t>{0, 2});
  CHECK(std::vector<std::uint32_t>(d.pairs.chosen.at(0).begin(), d.pairs.chosen.at(0).end()) == seq({23, 24, 25}));
  CHECK(std::vector<std::uint32_t>(d.pairs.rejected.at(0).begin(), d.pairs.rejected.at(0).end()) == seq({20, 21}));
  CHECK(std::vector<std::uint32_t>(d.pairs.chosen.at(1).begin(), d.pairs.chosen.at(1).end()) == seq({40}));
  CHECK(std::vector<std::uint32_t>(d.pairs.rejected.at(1).begin(), d.pairs.rejected.at(1).end()) == seq({41}));
  // Feedback: the same titles, chosen desirable then rejected undesirable, per kept prompt.
  REQUIRE(d.feedback.size() == 4);
  CHECK(d.feedback.desirable == std::vector<std::uint8_t>{1, 0, 1, 0});
  CHECK(std::vector<std::uint32_t>(d.feedback.prompts.keywords.at(2).begin(), d.feedback.prompts.keywords.at(2).end()) == seq({13}));
  CHECK(d.stats.prompts == 3);
  CHECK(d.stats.kept == 2);
  CHECK(d.stats.rejected_disfluent == 2);  // 0.9 and 0.0 are both below 0.96
  CHECK(d.stats.chosen_disfluent == 0);
  CHECK(d.stats.mean_chosen_score == Approx((0.99 * 0.8 + 0.9) / 2).epsilon(1e-6));
  CHECK(d.stats.mean_rejected_score == Approx((0.45 + 0.0) / 2).epsilon(1e-6));
}

TEST_CASE("preference builder: identical chosen and rejected titles are dropped; bad sizes rejected", "[datasets][preference][errors]") {
  TitlePrompts prompts;
  prompts.push(0, seq({10}));
  TokenSequences cand;
  cand.push(seq({5, 6}));
  cand.push(seq({5, 6}));
  const std::vector<float> f = {1.0f, 0.1f}, q = {1.0f, 1.0f};
  CHECK(build_preferences(prompts, cand, 2, f, q, PreferenceRule{}).pairs.size() == 0);
  CHECK_THROWS_WITH(build_preferences(prompts, cand, 3, f, q, PreferenceRule{}), Catch::Contains("1 prompts x 3"));
  CHECK_THROWS_WITH(build_preferences(prompts, cand, 1, f, q, PreferenceRule{}), Catch::Contains("allowed >= 2"));
}

TEST_CASE("preference builder: rejected_rank picks the closer pair", "[datasets][preference]") {
  TitlePrompts prompts;
  prompts.push(0, seq({10}));
  TokenSequences cand;
  for (auto s : {seq({1}), seq({2}), seq({3}), seq({4})}) cand.push(s);
  // Combined scores 0.2, 0.9, 0.5, 0.7: best = row 1; worst = row 0; 2nd best = row 3; 3rd = row 2.
  const std::vector<float> f = {1.0f, 1.0f, 1.0f, 1.0f}, q = {0.2f, 0.9f, 0.5f, 0.7f};
  const auto rejected = [&](std::size_t rank) {
    PreferenceRule rule;
    rule.rejected_rank = rank;
    const PreferenceData d = build_preferences(prompts, cand, 4, f, q, rule);
    REQUIRE(d.pairs.size() == 1);
    CHECK(d.pairs.chosen.at(0)[0] == 2u);
    return d.pairs.rejected.at(0)[0];
  };
  CHECK(rejected(0) == 1u);   // the worst
  CHECK(rejected(1) == 4u);   // the second best
  CHECK(rejected(2) == 3u);
  CHECK(rejected(3) == 1u);
  CHECK(rejected(50) == 1u);  // capped at the worst
}

TEST_CASE("preference builder: fluency_weight 0 ranks by quality alone; out of range rejected", "[datasets][preference]") {
  TitlePrompts prompts;
  prompts.push(0, seq({10}));
  TokenSequences cand;
  for (auto s : {seq({1}), seq({2}), seq({3})}) cand.push(s);
  // Row 0: fluent, mediocre; row 1: disfluent, best quality; row 2: fluent, worst quality.
  const std::vector<float> f = {1.0f, 0.2f, 1.0f}, q = {0.6f, 0.9f, 0.3f};
  const auto pick = [&](double w) {
    PreferenceRule rule;
    rule.fluency_weight = w;
    const PreferenceData d = build_preferences(prompts, cand, 3, f, q, rule);
    REQUIRE(d.pairs.size() == 1);
    return std::pair{d.pairs.chosen.at(0)[0], d.pairs.rejected.at(0)[0]};
  };
  // w = 1: combined 0.6, 0.18, 0.3 -> chosen row 0, rejected row 1 (the disfluent one).
  CHECK(pick(1) == std::pair{1u, 2u});
  // w = 0: quality alone -> chosen row 1 (disfluent), rejected row 2.
  CHECK(pick(0) == std::pair{2u, 3u});
  // w = 0.5: 0.6, sqrt(0.2) 0.9 = 0.402, 0.3 -> chosen row 0, rejected row 2.
  CHECK(pick(0.5) == std::pair{1u, 3u});
  PreferenceRule bad;
  bad.fluency_weight = 1.5;
  CHECK_THROWS_WITH(build_preferences(prompts, cand, 3, f, q, bad), Catch::Contains("allowed [0, 1]"));
}

TEST_CASE("preference builder: corrupted rejected titles replace the rejected side; uncorruptible pairs dropped", "[datasets][preference]") {
  // The first case's data: pairs (prompt 0: chosen row 2 {23, 24, 25}) and (prompt 2: chosen row 6 {40}).
  const ThreePrompts t;
  const auto& [prompts, cand, f, q] = t;
  const PreferenceData d = build_preferences(prompts, cand, 3, f, q, PreferenceRule{});
  REQUIRE(d.chosen_row == std::vector<std::size_t>{2, 6});
  // Pair 0's chosen title corrupted (a swap); pair 1's left unchanged (too short): dropped.
  TokenSequences corrupted;
  corrupted.push(seq({23, 25, 24}));
  corrupted.push(seq({40}));
  const std::vector<float> fc = {0.3f, 1.0f}, qc = {0.7f, 0.9f};
  const PreferenceData c = with_corrupted_rejected(d, {f, q}, corrupted, {fc, qc}, PreferenceRule{});
  REQUIRE(c.pairs.size() == 1);
  CHECK(c.pairs.prompts.industry == std::vector<std::uint32_t>{0});
  CHECK(std::vector<std::uint32_t>(c.pairs.chosen.at(0).begin(), c.pairs.chosen.at(0).end()) == seq({23, 24, 25}));
  CHECK(std::vector<std::uint32_t>(c.pairs.rejected.at(0).begin(), c.pairs.rejected.at(0).end()) == seq({23, 25, 24}));
  REQUIRE(c.feedback.size() == 2);
  CHECK(c.feedback.desirable == std::vector<std::uint8_t>{1, 0});
  CHECK(std::vector<std::uint32_t>(c.feedback.completions.at(1).begin(), c.feedback.completions.at(1).end()) == seq({23, 25, 24}));
  CHECK(c.chosen_row == std::vector<std::size_t>{2});
  CHECK(c.stats.prompts == 3);
  CHECK(c.stats.kept == 1);
  CHECK(c.stats.rejected_disfluent == 1);  // 0.3
  CHECK(c.stats.chosen_disfluent == 0);    // 0.99
  CHECK(c.stats.mean_chosen_score == Approx(0.99 * 0.8).epsilon(1e-6));
  CHECK(c.stats.mean_rejected_score == Approx(0.3 * 0.7).epsilon(1e-6));
  CHECK_THROWS_WITH(with_corrupted_rejected(d, {f, q}, corrupted, {std::span<const float>(fc).first(1), qc}, PreferenceRule{}),
                    Catch::Contains("one corruption and its scores per pair (2)"));
}

TEST_CASE("threshold feedback: each candidate labelled by its own score; middle left out; repeats counted once", "[datasets][preference]") {
  // Combined f x q per row: 0.45 0.45 0.792 | 0.5 0.45 0.48 | 0.9 0.0 0.3 (first case above).
  // desirable_min 0.5, undesirable_max 0.31: rows 2, 3, 6 desirable (0.5 on the boundary counts:
  // 0.5f x 1.0f is exact), rows 7, 8 undesirable, the rest left out.
  const ThreePrompts t;
  const auto& [prompts, cand, f, q] = t;
  const ThresholdFeedback fb = threshold_feedback(prompts, cand, 3, {f, q}, PreferenceRule{}, {0.5, 0.31});
  REQUIRE(fb.feedback.size() == 5);
  CHECK(fb.feedback.desirable == std::vector<std::uint8_t>{1, 1, 1, 0, 0});
  CHECK(fb.feedback.prompts.industry == std::vector<std::uint32_t>{0, 1, 2, 2, 2});
  CHECK(std::vector<std::uint32_t>(fb.feedback.completions.at(1).begin(), fb.feedback.completions.at(1).end()) == seq({30}));
  CHECK(std::vector<std::uint32_t>(fb.feedback.completions.at(4).begin(), fb.feedback.completions.at(4).end()) == seq({42}));
  CHECK(std::vector<std::uint32_t>(fb.feedback.prompts.keywords.at(1).begin(), fb.feedback.prompts.keywords.at(1).end()) == seq({11, 12}));
  CHECK(fb.desirable == 3);
  CHECK(fb.undesirable == 2);
  CHECK(fb.left_out == 4);
  CHECK(fb.repeats == 0);
  // Quality alone (w = 0): 0.5 0.9 0.8 | 0.5 0.5 0.6 | 0.9 1.0 0.6 -> every row desirable at 0.5,
  // nothing undesirable.
  PreferenceRule quality_only;
  quality_only.fluency_weight = 0;
  const ThresholdFeedback q0 = threshold_feedback(prompts, cand, 3, {f, q}, quality_only, {0.5, 0.31});
  CHECK(q0.desirable == 9);
  CHECK(q0.undesirable == 0);
}

TEST_CASE("threshold feedback: a title repeated within a prompt is kept once; bad thresholds and sizes rejected",
          "[datasets][preference][errors]") {
  TitlePrompts prompts;
  prompts.push(0, seq({10}));
  prompts.push(1, seq({11}));
  TokenSequences cand;
  for (auto s : {seq({5, 6}), seq({5, 6}), seq({7}), seq({5, 6}), seq({8}), seq({9})}) cand.push(s);
  const std::vector<float> f = {1, 1, 1, 1, 1, 1}, q = {0.9f, 0.1f, 0.1f, 0.9f, 0.1f, 0.4f};
  // Prompt 0: {5, 6} desirable, its repeat (scored 0.1) skipped, {7} undesirable. Prompt 1: {5, 6}
  // again -- a different prompt, so kept -- desirable, {8} undesirable, {9} left out.
  const ThresholdFeedback fb = threshold_feedback(prompts, cand, 3, {f, q}, PreferenceRule{}, {0.5, 0.2});
  REQUIRE(fb.feedback.size() == 4);
  CHECK(fb.feedback.desirable == std::vector<std::uint8_t>{1, 0, 1, 0});
  CHECK(fb.repeats == 1);
  CHECK(fb.left_out == 1);
  CHECK_THROWS_WITH(threshold_feedback(prompts, cand, 3, {f, q}, PreferenceRule{}, {0.3, 0.3}),
                    Catch::Contains("allowed 0 <= undesirable_max < desirable_min <= 1"));
  CHECK_THROWS_WITH(threshold_feedback(prompts, cand, 3, {f, q}, PreferenceRule{}, {1.5, 0.2}), Catch::Contains("desirable_min = 1.5"));
  CHECK_THROWS_WITH(threshold_feedback(prompts, cand, 2, {f, q}, PreferenceRule{}, {0.5, 0.2}), Catch::Contains("expected 4 candidates"));
}

TEST_CASE("token sequences: at / length past the end throw instead of reading past the buffer", "[datasets][preference][errors]") {
  TokenSequences s;
  s.push(seq({5, 6}));
  s.push(seq({}));
  REQUIRE(s.size() == 2);
  CHECK(s.at(0).size() == 2);
  CHECK(s.at(1).empty());
  CHECK(s.length(0) == 2);
  CHECK_THROWS_WITH(s.at(2), Catch::Contains("index 2 is out of range: 2 sequences"));
  CHECK_THROWS_AS(s.length(2), std::out_of_range);
}
