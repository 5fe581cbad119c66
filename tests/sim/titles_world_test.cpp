// Title world (sim/titles): the sources obey the grammar, the corruption follows the article's
// recipe, style is separable by pairings but not by single tokens, quality raises the CTR,
// annotators agree as stated, everything is deterministic in (seed, stream, index).
#include <catch2/catch.hpp>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "sim/titles/title_world.hpp"

using namespace simrec;
using namespace simrec::sim::titles;

namespace {

// Mann-Whitney AUC (ties count 1/2): P(score of a positive > score of a negative).
// Computed from mid-ranks of the pooled scores.
double auc(const std::vector<double>& pos, const std::vector<double>& neg) {
  std::vector<std::pair<double, bool>> all;
  for (double p : pos) all.push_back({p, true});
  for (double n : neg) all.push_back({n, false});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double mid_rank = 0.5 * double(i + 1 + j);  // ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k) rank_sum += all[k].second ? mid_rank : 0.0;
    i = j;
  }
  const double np = double(pos.size()), nn = double(neg.size());
  return (rank_sum - np * (np + 1) / 2) / (np * nn);
}

bool same(const datasets::TokenSequences& a, const datasets::TokenSequences& b) {
  return a.tokens == b.tokens && a.offsets == b.offsets;
}

std::size_t count_of(std::span<const std::uint32_t> s, std::uint32_t t) { return std::size_t(std::count(s.begin(), s.end(), t)); }

}  // namespace

TEST_CASE("titles: every text the world writes is grammatical, within length, prompts as documented", "[titles]") {
  const TitleWorldConfig c;
  const TitleWorld w(c, 3);
  const auto prompts = w.sample_prompts(1500, "grammar");
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    const auto kw = prompts.keywords.at(i);
    REQUIRE(prompts.industry[i] < std::uint32_t(c.num_industries));
    REQUIRE((kw.size() >= 1 && kw.size() <= 3));
    for (std::uint32_t k : kw) {
      REQUIRE(w.grammar().token_class(k) == TokenClass::Keyword);
      REQUIRE(w.grammar().industry_of(k) == prompts.industry[i]);
      REQUIRE(count_of(kw, k) == 1);
    }
  }
  for (const auto& titles : {w.platform_titles(prompts, "g"), w.generic_titles(prompts, "g")}) {
    for (std::size_t i = 0; i < titles.size(); ++i) {
      INFO(w.text(titles.at(i)));
      REQUIRE(w.grammar().fluency(titles.at(i)) == 1.0);
      REQUIRE(titles.length(i) <= std::size_t(c.max_title_length));
      REQUIRE(w.attributes(prompts.industry[i], prompts.keywords.at(i), titles.at(i)).keyword_coverage == 1.0);
    }
  }
  const auto business = w.business_texts(500, "g");
  const auto open = w.open_texts(500, "g");
  for (std::size_t i = 0; i < 500; ++i) {
    REQUIRE(w.grammar().fluency(business.titles.at(i)) == 1.0);
    REQUIRE(w.grammar().fluency(open.titles.at(i)) == 1.0);
    REQUIRE(business.prompts.industry[i] < std::uint32_t(c.num_industries));
    for (std::uint32_t t : business.prompts.keywords.at(i)) {
      REQUIRE(w.grammar().token_class(t) == TokenClass::Noun);
      REQUIRE(count_of(business.titles.at(i), t) >= 1);
    }
    REQUIRE(open.prompts.industry[i] == std::uint32_t(c.num_industries));
    REQUIRE(open.prompts.keywords.length(i) == 0);
  }
  // Open-domain words (subj / verb / obj) occur in the open text only: a title or business text
  // never carries one, an open-text clause always does, and the count is per token.
  const auto& g = w.grammar();
  for (const auto& titles : {w.platform_titles(prompts, "g"), w.generic_titles(prompts, "g"), business.titles})
    for (std::size_t i = 0; i < titles.size(); ++i) REQUIRE(g.open_domain_tokens(titles.at(i)) == 0);
  for (std::size_t i = 0; i < 500; ++i) REQUIRE(g.open_domain_tokens(open.titles.at(i)) >= 3);
  const std::vector<std::uint32_t> mixed{g.feature_token(kHook, 0), g.connector(0), g.style_open(1), g.style_close(2),
                                         g.object(16), g.subject(0), g.verb(23), g.keyword(0, 1)};
  CHECK(g.open_domain_tokens(mixed) == 3);
  CHECK(g.open_domain_tokens(std::span<const std::uint32_t>(mixed.data(), 4)) == 0);
  // Token names are distinct and readable.
  std::set<std::string> names;
  for (std::uint32_t t = 0; t < w.vocabulary().vocab_size; ++t) names.insert(w.token_text(t));
  CHECK(names.size() == w.vocabulary().vocab_size);
  CHECK(w.token_text(w.grammar().keyword(3, 12)) == "kw_3_12");
  CHECK(w.token_text(w.grammar().feature_token(kHook, 2)) == "hook_2");
}

TEST_CASE("titles: the corruption follows the article's recipe (ops 1/2, 1/4, 1/4, edges kept, lengths)", "[titles]") {
  const TitleWorld w(TitleWorldConfig{}, 5);
  const auto prompts = w.sample_prompts(6000, "corrupt");
  const auto titles = w.platform_titles(prompts, "c");
  std::vector<CorruptionOp> ops;
  const auto bad = w.corrupt(titles, "c", &ops);
  REQUIRE(bad.size() == titles.size());
  double n = 0, replace = 0, drop = 0, swap = 0;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const auto a = titles.at(i), b = bad.at(i);
    const std::size_t L = a.size();
    if (L < 4) {
      REQUIRE(ops[i] == CorruptionOp::None);
      REQUIRE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
      continue;
    }
    n += 1;
    REQUIRE(b.front() == a.front());  // edges are never touched
    REQUIRE(b.back() == a.back());
    std::vector<std::size_t> changed;
    switch (ops[i]) {
      case CorruptionOp::Replace:
        replace += 1;
        REQUIRE(b.size() == L);
        for (std::size_t p = 0; p < L; ++p)
          if (a[p] != b[p]) changed.push_back(p);
        REQUIRE(changed.size() == 2);  // each replacement differs from the token it replaces
        for (std::size_t p : changed) REQUIRE(w.grammar().token_class(b[p]) == TokenClass::Connector);
        break;
      case CorruptionOp::Drop: {
        drop += 1;
        REQUIRE(b.size() == L - 2);
        // b is a with two non-edge tokens removed: a subsequence.
        std::size_t j = 0;
        for (std::size_t p = 0; p < L && j < b.size(); ++p)
          if (a[p] == b[j]) ++j;
        REQUIRE(j == b.size());
        break;
      }
      case CorruptionOp::Swap:
        swap += 1;
        REQUIRE(b.size() == L);
        for (std::size_t p = 0; p < L; ++p)
          if (a[p] != b[p]) changed.push_back(p);
        // Two different tokens exchange places: a swap never returns the title unchanged.
        REQUIRE(changed.size() == 2);
        REQUIRE(a[changed[0]] == b[changed[1]]);
        REQUIRE(a[changed[1]] == b[changed[0]]);
        break;
      case CorruptionOp::None: FAIL("a title of length >= 4 was not corrupted");
    }
  }
  REQUIRE(n > 5000);
  // Binomial margins: 4.5 standard deviations.
  const auto within = [n](double count, double p) { return std::fabs(count - n * p) < 4.5 * std::sqrt(n * p * (1 - p)); };
  INFO("n " << n << " replace " << replace << " drop " << drop << " swap " << swap);
  CHECK(within(replace, 0.5));
  CHECK(within(drop, 0.25));
  CHECK(within(swap, 0.25));
}

TEST_CASE("titles: corrupted titles are less fluent, and the CTR pays for it", "[titles]") {
  const TitleWorld w(TitleWorldConfig{}, 6);
  const auto prompts = w.sample_prompts(3000, "fl");
  const auto titles = w.platform_titles(prompts, "fl");
  const auto bad = w.corrupt(titles, "fl");
  double fl_good = 0, fl_bad = 0, ctr_good = 0, ctr_bad = 0, detected = 0, n = 0;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    if (titles.length(i) < 4) continue;
    const auto a = w.attributes(prompts.industry[i], prompts.keywords.at(i), titles.at(i));
    const auto b = w.attributes(prompts.industry[i], prompts.keywords.at(i), bad.at(i));
    fl_good += a.fluency, fl_bad += b.fluency, ctr_good += a.ctr, ctr_bad += b.ctr, n += 1;
    detected += b.fluency < 1.0 ? 1 : 0;
  }
  INFO("fluency " << fl_good / n << " -> " << fl_bad / n << ", CTR " << ctr_good / n << " -> " << ctr_bad / n
                  << ", corrupted titles with an illegal pair " << detected / n);
  CHECK(fl_good / n == 1.0);
  CHECK(fl_bad / n < 0.9);
  // Some corruptions stay grammatical (swapping two keywords, dropping an adjective), most do not.
  CHECK(detected / n > 0.9);
  CHECK(detected / n < 0.99);
  CHECK(ctr_bad < 0.8 * ctr_good);
}

TEST_CASE("titles: style separates by pairings and order, not by any single token", "[titles]") {
  const auto aucs = [](double strength) {
    TitleWorldConfig c;
    c.style_strength = strength;
    const TitleWorld w(c, 8);
    const auto prompts = w.sample_prompts(1500, "style");
    const auto plat = w.platform_titles(prompts, "s"), gen = w.generic_titles(prompts, "s");
    // Pairing score: conventional platform pairings minus conventional generic pairings.
    const auto pairing = [&](std::span<const std::uint32_t> t) {
      double s = 0;
      for (std::size_t i = 0; i + 1 < t.size(); ++i) {
        if (w.grammar().token_class(t[i]) != TokenClass::StyleOpen) continue;
        const std::uint32_t k = w.grammar().index_in_block(t[i]);
        s += t[i + 1] == w.grammar().style_close(w.convention_closer(TitleSource::Platform, k));
        s -= t[i + 1] == w.grammar().style_close(w.convention_closer(TitleSource::Generic, k));
      }
      return s;
    };
    std::vector<double> pp, pg;
    for (std::size_t i = 0; i < plat.size(); ++i) pp.push_back(pairing(plat.at(i))), pg.push_back(pairing(gen.at(i)));
    double best_single = 0;
    for (std::uint32_t t = datasets::kFirstContentToken; t < w.vocabulary().vocab_size; ++t) {
      std::vector<double> a, b;
      for (std::size_t i = 0; i < plat.size(); ++i) a.push_back(double(count_of(plat.at(i), t))), b.push_back(double(count_of(gen.at(i), t)));
      const double v = auc(a, b);
      best_single = std::max(best_single, std::max(v, 1 - v));
    }
    return std::pair{auc(pp, pg), best_single};
  };
  const auto [pair_auc, single_auc] = aucs(0.85);
  INFO("pairing AUC " << pair_auc << ", best single-token AUC " << single_auc);
  CHECK(pair_auc > 0.93);
  CHECK(single_auc < 0.65);
  const auto [pair_off, single_off] = aucs(0.0);
  INFO("style_strength 0: pairing AUC " << pair_off << ", best single-token AUC " << single_off);
  CHECK(std::fabs(pair_off - 0.5) < 0.05);
}

TEST_CASE("titles: each quality feature raises the CTR, disfluency lowers it, ctr_* knobs move it", "[titles]") {
  const TitleWorldConfig c;
  const TitleWorld w(c, 9);
  const auto& g = w.grammar();
  const std::uint32_t kw = g.keyword(2, 5), noun = g.noun(2, 1);
  const std::uint32_t kws[] = {kw};
  const auto fn_for = [&](SegmentKind kind) { return g.connectors_for(kind).front(); };
  // "noun fn kw" is the neutral title; "feature fn kw" has the same length and grammar.
  const std::vector<std::uint32_t> neutral = {noun, fn_for(kPhraseSegment), kw};
  const double base = w.ctr(2, kws, neutral);
  REQUIRE(w.grammar().fluency(neutral) == 1.0);
  for (int f = 0; f < kNumQualityFeatures; ++f) {
    if (f == kConcise) continue;
    for (std::uint32_t k = 0; k < std::uint32_t(c.feature_tokens); ++k) {
      const std::vector<std::uint32_t> with = {g.feature_token(f, k), fn_for(kPhraseSegment), kw};
      const auto a = w.attributes(2, kws, with);
      INFO(kQualityFeatureNames[f] << " token " << k << ": CTR " << base << " -> " << a.ctr);
      CHECK(a.fluency == 1.0);
      CHECK(a.features[f] >= c.feature_strength_min);
      CHECK(a.ctr > base);
      // The same tokens out of order: less fluent, lower CTR.
      const std::vector<std::uint32_t> scrambled = {fn_for(kPhraseSegment), g.feature_token(f, k), kw};
      const auto s = w.attributes(2, kws, scrambled);
      CHECK(s.fluency < 1.0);
      CHECK(s.ctr < a.ctr);
    }
  }
  // Concise: a long neutral title loses the concise feature and CTR.
  std::vector<std::uint32_t> long_title = neutral;
  for (int r = 0; r < 6; ++r) long_title.insert(long_title.end(), {fn_for(kPhraseSegment), g.noun(2, std::uint32_t(2 + r))});
  REQUIRE(g.fluency(long_title) == 1.0);
  CHECK(w.attributes(2, kws, long_title).features[kConcise] < 1.0);
  CHECK(w.ctr(2, kws, long_title) < base);
  // Monotone in the coefficient: ctr_hook = 0 removes the hook's effect.
  TitleWorldConfig flat = c;
  flat.ctr_feature[kHook] = 0;
  const TitleWorld wf(flat, 9);
  const std::vector<std::uint32_t> hook = {g.feature_token(kHook, 0), fn_for(kPhraseSegment), kw};
  CHECK(wf.ctr(2, kws, hook) == Approx(wf.ctr(2, kws, neutral)));
  // Population: titles both annotators call excellent have a higher true CTR than those both reject.
  const auto prompts = w.sample_prompts(3000, "q");
  const auto titles = w.platform_titles(prompts, "q");
  double ctr_pos = 0, ctr_neg = 0, n_pos = 0, n_neg = 0;
  for (std::size_t i = 0; i < titles.size(); ++i) {
    const auto a = w.attributes(prompts.industry[i], prompts.keywords.at(i), titles.at(i));
    const bool x = w.annotate(0, a, i), y = w.annotate(1, a, i);
    if (x && y) ctr_pos += a.ctr, n_pos += 1;
    if (!x && !y) ctr_neg += a.ctr, n_neg += 1;
  }
  INFO("CTR of agreed positives " << ctr_pos / n_pos << ", of agreed negatives " << ctr_neg / n_neg);
  CHECK(ctr_pos / n_pos > 1.3 * ctr_neg / n_neg);
}

TEST_CASE("titles: the two annotators agree on 60-85% of platform titles, noise and jitter drive it", "[titles]") {
  const auto stats = [](double noise, double jitter) {
    TitleWorldConfig c;
    c.annotator_noise = noise;
    c.annotator_weight_jitter = jitter;
    const TitleWorld w(c, 10);
    const auto prompts = w.sample_prompts(4000, "ann");
    const auto titles = w.platform_titles(prompts, "ann");
    double agree = 0, pos0 = 0, pos1 = 0;
    for (std::size_t i = 0; i < titles.size(); ++i) {
      const auto a = w.attributes(prompts.industry[i], prompts.keywords.at(i), titles.at(i));
      const bool x = w.annotate(0, a, i), y = w.annotate(1, a, i);
      REQUIRE(x == w.annotate(0, a, i));  // deterministic in the index
      agree += x == y, pos0 += x, pos1 += y;
    }
    const double n = double(titles.size());
    return std::array<double, 3>{agree / n, pos0 / n, pos1 / n};
  };
  const auto d = stats(TitleWorldConfig{}.annotator_noise, TitleWorldConfig{}.annotator_weight_jitter);
  INFO("default: agreement " << d[0] << ", positive rates " << d[1] << ", " << d[2]);
  CHECK(d[0] > 0.60);
  CHECK(d[0] < 0.85);
  CHECK((d[1] > 0.3 && d[1] < 0.7 && d[2] > 0.3 && d[2] < 0.7));
  const auto exact = stats(0.0, 0.0);
  CHECK(exact[0] == 1.0);
  const auto noisy = stats(1.0, 0.1);
  INFO("noise 1: agreement " << noisy[0]);
  CHECK(noisy[0] < d[0] - 0.05);
}

TEST_CASE("titles: deterministic in (seed, stream, index), independent of batch size and thread count", "[titles]") {
  const TitleWorldConfig c;
  const TitleWorld a(c, 11), b(c, 11), other(c, 12);
  const auto p = a.sample_prompts(400, "det");
  REQUIRE(same(p.keywords, b.sample_prompts(400, "det").keywords));
  REQUIRE(p.industry == b.sample_prompts(400, "det").industry);
  CHECK_FALSE(same(p.keywords, other.sample_prompts(400, "det").keywords));
  CHECK_FALSE(same(p.keywords, a.sample_prompts(400, "other").keywords));
  const auto t = a.platform_titles(p, "det");
  CHECK(same(t, b.platform_titles(p, "det")));
  CHECK(same(a.corrupt(t, "det"), b.corrupt(t, "det")));
  CHECK(same(a.generic_titles(p, "det"), b.generic_titles(p, "det")));
  CHECK(same(a.business_texts(50, "det").titles, b.business_texts(50, "det").titles));
  CHECK(same(a.open_texts(50, "det").titles, b.open_texts(50, "det").titles));
  // Titles are written in parallel: one thread gives the same result.
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto t1 = a.platform_titles(p, "det");
  omp_set_num_threads(std::max(threads, 3));
  const auto t3 = a.platform_titles(p, "det");
  omp_set_num_threads(threads);
  CHECK(same(t1, t));
  CHECK(same(t3, t));
  // Prompt / title i does not depend on how many are drawn.
  const auto p100 = a.sample_prompts(100, "det");
  CHECK(std::equal(p100.keywords.tokens.begin(), p100.keywords.tokens.end(), p.keywords.tokens.begin()));
  const auto t100 = a.platform_titles(p100, "det");
  CHECK(std::equal(t100.tokens.begin(), t100.tokens.end(), t.tokens.begin()));
}

TEST_CASE("titles: knob errors name titles.KNOB and the allowed range, bad prompts are rejected", "[titles]") {
  TitleWorldConfig c;
  try {
    c.set("num_industries", "0");
    FAIL("no error");
  } catch (const config::ConfigError& e) {
    CHECK_THAT(e.what(), Catch::Contains("titles.num_industries = 0") && Catch::Contains("[1, 1000]"));
  }
  CHECK_THROWS_WITH(c.set("platform_hook_rate", "1.5"), Catch::Contains("titles.platform_hook_rate") && Catch::Contains("[0, 1]"));
  CHECK_THROWS_WITH(c.set("no_such_knob", "1"), Catch::Contains("titles.no_such_knob"));
  c.set("ctr_hook", "1.25");
  CHECK(c.ctr_feature[kHook] == 1.25);
  TitleWorldConfig bad;
  bad.concise_length = 40;
  CHECK_THROWS_WITH(TitleWorld(bad, 1), Catch::Contains("titles.concise_length") && Catch::Contains("titles.max_title_length"));
  bad = TitleWorldConfig{};
  bad.style_strength = -0.1;
  CHECK_THROWS_WITH(TitleWorld(bad, 1), Catch::Contains("titles.style_strength"));
  const TitleWorld w(TitleWorldConfig{}, 1);
  datasets::TitlePrompts empty_kw;
  empty_kw.push(0, {});
  CHECK_THROWS_WITH(w.platform_titles(empty_kw, "x"), Catch::Contains("1-3 keywords"));
  CHECK_THROWS_WITH(w.annotate(2, TitleAttributes{}, 0), Catch::Contains("allowed 0 or 1"));
  CHECK(TitleWorldConfig{}.hash() == TitleWorldConfig{}.hash());
  CHECK(TitleWorldConfig{}.hash() != c.hash());
}

TEST_CASE("titles: default config is valid, every knob is unique, documented and sets its own field", "[titles]") {
  const TitleWorldConfig defaults;
  REQUIRE_NOTHROW(defaults.validate());
  std::set<std::string> names;
  const std::string base_text = defaults.to_text();
  for (const auto& k : title_world_knobs()) {
    CHECK(names.insert(std::string(k.name)).second);
    CHECK(!k.help.empty());
    REQUIRE_NOTHROW(config::check_knob_value(k, k.default_value(), "titles"));
    // Setting one knob to another allowed value changes exactly its own line of the canonical text.
    TitleWorldConfig c;
    const double other = k.default_value() == k.max_value ? k.min_value : k.max_value;
    k.set(c, other);
    CHECK(k.get(c) == other);
    std::size_t changed = 0;
    for (const auto& j : title_world_knobs()) changed += j.get(c) != j.get(defaults) ? 1 : 0;
    INFO("knob " << k.name);
    CHECK(changed == 1);
  }
  CHECK(names.size() == title_world_knobs().size());
  CHECK(names.count("platform_hook_rate") == 1);
  CHECK(names.count("ctr_promise") == 1);
}
