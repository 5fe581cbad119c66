// Vocabularies and normalisers on hand-made data.
#include <catch2/catch.hpp>

#include <numeric>

#include "datasets/normalisers.hpp"
#include "datasets/vocabulary.hpp"

using namespace simrec::datasets;

TEST_CASE("vocabulary keeps the top-N by count, ties by key, the rest to the OOV bucket", "[datasets][vocab]") {
  const auto v = Vocabulary<std::uint32_t>::build({{7, 3}, {2, 10}, {9, 3}, {4, 1}, {5, 0}}, 3);
  REQUIRE(v.size() == 3);
  CHECK(v.index(2) == 0);
  CHECK(v.index(7) == 1);  // tie with 9 broken by the smaller key
  CHECK(v.index(9) == 2);
  CHECK(v.index(4) == v.oov_index());
  CHECK(v.index(12345) == 3);
  CHECK(v.num_buckets() == 4);
  const auto all = Vocabulary<std::uint32_t>::build({{7, 3}, {2, 10}, {5, 0}}, 0);
  CHECK(all.size() == 2);  // zero counts never enter
  const auto tokens = Vocabulary<std::uint64_t>::build({{bigram_key(1, 2), 5}, {1, 5}, {2, 4}}, 0);
  CHECK(tokens.index(1) == 0);
  CHECK(tokens.index(bigram_key(1, 2)) == 1);
  CHECK(tokens.index(bigram_key(2, 1)) == tokens.oov_index());
  const auto restored = Vocabulary<std::uint64_t>::from_keys({tokens.keys().begin(), tokens.keys().end()},
                                                             {tokens.counts().begin(), tokens.counts().end()});
  CHECK(restored.index(2) == 2);
}

TEST_CASE("quantile normaliser maps training values to their CDF below 1", "[datasets][normalisers]") {
  std::vector<float> train(101);
  std::iota(train.begin(), train.end(), 0.0f);  // 0..100
  const auto q = QuantileNormaliser::fit(train, 100);
  CHECK(q.knots().size() == 101);
  CHECK(q.transform(0.0f) == Approx(0.0));
  CHECK(q.transform(50.0f) == Approx(0.5));
  CHECK(q.transform(25.5f) == Approx(0.255));
  CHECK(q.transform(-3.0f) == 0.0f);     // below the training range
  CHECK(q.transform(100.0f) < 1.0f);     // top of the range stays below 1
  CHECK(q.transform(1e9f) < 1.0f);
  // Point masses: a column that is mostly zeros.
  std::vector<float> counts(100, 0.0f);
  for (int i = 90; i < 100; ++i) counts[std::size_t(i)] = float(i - 89);
  const auto c = QuantileNormaliser::fit(counts, 10);
  CHECK(c.transform(0.0f) == Approx(0.9));  // 90% of the training values are 0: knots 0..9 of 10
  CHECK(c.transform(5.0f) > c.transform(0.0f));
}

TEST_CASE("z-score normaliser uses the training mean and standard deviation", "[datasets][normalisers]") {
  const std::vector<float> train = {1, 2, 3, 4, 5};
  const auto z = ZScoreNormaliser::fit(train);
  CHECK(z.mean() == Approx(3.0));
  CHECK(z.sd() == Approx(std::sqrt(2.0)));
  CHECK(z.transform(3.0f) == Approx(0.0));
  CHECK(z.transform(10.0f) == Approx(7.0 / std::sqrt(2.0)));
  const std::vector<float> constant = {4, 4, 4};
  CHECK(ZScoreNormaliser::fit(constant).transform(4.0f) == 0.0f);
}
