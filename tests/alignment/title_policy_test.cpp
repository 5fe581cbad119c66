// The title policy (algorithms/alignment/title_policy.hpp): parameter layout, sequence and
// per-token log-probs and parameter gradients against the same model in PyTorch from identical weights (float32,
// |d| <= 1e-6 + 1e-4 |torch|; SKIPPED, saying so, without python3-torch), that the log-probs are a
// normalised distribution over titles, sampling determinism (seed, 1 vs 2 OpenMP threads) and its argmax limit, clones, checkpoints and input validation.
#include <catch2/catch.hpp>

#include <omp.h>

#include <cmath>
#include <fstream>

#include "algorithms/alignment/title_policy.hpp"
#include "sim/random/philox.hpp"
#include "support/npy.hpp"
#include "support/nn_testing.hpp"
#include "support/python_runner.hpp"

using namespace simrec;
using namespace simrec::algorithms::alignment;
using namespace simrec::testing;
using nn::Tensor;

namespace {

TitlePolicyConfig tiny_config(int layers = 2, bool keyword_copy = true) {
  TitlePolicyConfig c;
  c.keyword_copy = keyword_copy;
  c.vocab = {13, 3, 6};
  c.embedding_dim = 4;
  c.hidden_size = 5;
  c.num_layers = layers;
  return c;
}

// n random prompts and completions (lengths 0..5); prompt 1 is open-domain (no industry, no keyword).
std::pair<datasets::TitlePrompts, datasets::TokenSequences> policy_data(std::uint32_t V, std::uint32_t K, std::size_t n,
                                                                      std::uint64_t seed) {
  random::Rng rng(seed, "test/alignment/data", 0);
  datasets::TitlePrompts p;
  datasets::TokenSequences y;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::uint32_t> kw, t;
    const bool open = i == 1;
    for (std::uint64_t k = 0, nk = open ? 0 : 1 + rng.below(3); k < nk; ++k) kw.push_back(3 + std::uint32_t(rng.below(V - 3)));
    for (std::uint64_t k = 0, nt = rng.below(6); k < nt; ++k) t.push_back(3 + std::uint32_t(rng.below(V - 3)));
    p.push(open ? K : std::uint32_t(rng.below(K)), kw);
    y.push(t);
  }
  return {p, y};
}

void cross_check(bool normalised, int layers, bool keyword_copy) {
  const TitlePolicyConfig c = tiny_config(layers, keyword_copy);
  TitlePolicy policy(c, 5);
  const auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 7, 3);
  const std::int64_t N = std::int64_t(y.size());
  const Tensor w = random_tensor(nn::Shape{N}, 9, -1, 1, nn::DType::F32);
  policy.zero_grad();
  const Tensor lp = policy.sequence_log_probs(prompts, y, normalised);
  REQUIRE(lp.shape() == nn::Shape{N});
  nn::sum_all(lp * w).backward();
  if (!python_module_available("torch")) {
    WARN("SKIPPED: python3-torch is not installed (/usr/bin/python3 cannot import torch)");
    return;
  }
  const std::string dir = make_temp_dir("simrec_title_policy_torch_");
  std::ofstream m(dir + "/manifest.json");
  m << "{\"vocab\": " << c.vocab.vocab_size << ", \"industries\": " << c.vocab.num_industries << ", \"embedding_dim\": "
    << c.embedding_dim << ", \"hidden\": " << c.hidden_size << ", \"layers\": " << c.num_layers
    << ", \"length_normalised\": " << (normalised ? "true" : "false")
    << ", \"keyword_copy\": " << (keyword_copy ? "true" : "false") << ", \"params\": [";
  const auto params = policy.named_parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    m << (i ? ", " : "") << "\"" << params[i].name << "\"";
    write_npy(dir + "/param_" + params[i].name + ".npy", params[i].value);
  }
  m << "]}";
  m.close();
  auto i64 = [](const auto& v) { return std::vector<std::int64_t>(v.begin(), v.end()); };
  write_npy_i64(dir + "/industry.npy", i64(prompts.industry), {N});
  write_npy_i64(dir + "/kw_ids.npy", i64(prompts.keywords.tokens), {std::int64_t(prompts.keywords.tokens.size())});
  write_npy_i64(dir + "/kw_offsets.npy", i64(prompts.keywords.offsets), {N + 1});
  write_npy_i64(dir + "/y_ids.npy", i64(y.tokens), {std::int64_t(y.tokens.size())});
  write_npy_i64(dir + "/y_offsets.npy", i64(y.offsets), {N + 1});
  write_npy(dir + "/weights.npy", w);
  std::string log;
  const int rc = run_python(std::string(SIMREC_TEST_SCRIPTS_DIR) + "/torch_alignment.py", "policy " + dir, log);
  INFO(log);
  REQUIRE(rc == 0);
  CHECK(compare_tensors("log-probs", lp, read_npy(dir + "/torch_logp.npy"), 1e-4, 1e-6) == "");
  // Per token, and each completion's EOS term (the last of its terms) taken from there.
  const TokenLogProbs tokens = policy.token_log_probs(prompts, y);
  const Tensor torch_tokens = read_npy(dir + "/torch_token_logp.npy");
  CHECK(compare_tensors("token log-probs", tokens.values, torch_tokens, 1e-4, 1e-6) == "");
  const std::vector<double> eos = tokens.eos(), t = torch_tokens.to_vector();
  REQUIRE(eos.size() == y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    INFO("completion " << i << " of length " << y.length(i));
    CHECK(eos[i] == Approx(t[std::size_t(y.offsets[i + 1]) + i]).epsilon(1e-4).margin(1e-6));
  }
  for (const auto& p : params)
    CHECK(compare_tensors("grad " + p.name, p.value.grad(), read_npy(dir + "/torch_grad_" + p.name + ".npy"), 1e-4, 1e-6) == "");
}

}  // namespace

TEST_CASE("title policy: parameter names and shapes follow the torch module", "[alignment][policy]") {
  TitlePolicy policy(tiny_config(2), 1);
  std::vector<std::string> names;
  for (const auto& p : policy.named_parameters()) names.push_back(p.name);
  const std::vector<std::string> expected{"tok_emb.weight",    "industry_emb.weight", "init_proj.weight",  "init_proj.bias",
                                          "lstm.weight_ih_l0", "lstm.weight_hh_l0",   "lstm.bias_ih_l0",   "lstm.bias_hh_l0",
                                          "lstm.weight_ih_l1", "lstm.weight_hh_l1",   "lstm.bias_ih_l1",   "lstm.bias_hh_l1",
                                          "head.weight",       "head.bias",           "copy_gate.weight", "copy_gate.bias"};
  CHECK(names == expected);
  CHECK(policy.named_parameters()[15].value.shape() == nn::Shape{1});
  std::vector<std::string> plain;
  for (const auto& p : TitlePolicy(tiny_config(2, false), 1).named_parameters()) plain.push_back(p.name);
  CHECK(plain == std::vector<std::string>(expected.begin(), expected.end() - 2));
  CHECK(policy.named_parameters()[1].value.shape() == nn::Shape{4, 4});   // 3 industries + "none"
  CHECK(policy.named_parameters()[2].value.shape() == nn::Shape{10, 8});  // L H x 2E
  CHECK(policy.named_parameters()[4].value.shape() == nn::Shape{20, 12});  // 4H x 3E
}

TEST_CASE("title policy: sequence log-probs and gradients match PyTorch from identical weights", "[alignment][policy][torch]") {
  SECTION("summed, 2 layers, keyword copy") { cross_check(false, 2, true); }
  SECTION("length-normalised, 1 layer, keyword copy") { cross_check(true, 1, true); }
  SECTION("summed, 2 layers, no keyword copy") { cross_check(false, 2, false); }
  SECTION("length-normalised, 1 layer, no keyword copy") { cross_check(true, 1, false); }
}

TEST_CASE("title policy: probabilities of all titles up to length 2 plus the rest sum to at most 1", "[alignment][policy]") {
  // With V = 5 (content tokens 3, 4): P(len 0) + P(len 1) + P(len 2) + P(len > 2) = 1. The first
  // three sum to P(EOS at step 0) + ... ; the remainder must be the probability of continuing past
  // two content tokens: sum over prefixes of length 2 of P(prefix) (1 - P(EOS | prefix)).
  TitlePolicyConfig c;
  c.vocab = {5, 2, 4};
  c.embedding_dim = 3;
  c.hidden_size = 4;
  TitlePolicy policy(c, 2);
  datasets::TitlePrompts prompts;
  datasets::TokenSequences y;
  const std::vector<std::vector<std::uint32_t>> titles{{}, {3}, {4}, {3, 3}, {3, 4}, {4, 3}, {4, 4}};
  for (const auto& t : titles) {
    prompts.push(1, std::vector<std::uint32_t>{3, 4});
    y.push(t);
  }
  const auto lp = policy.sequence_log_probs(prompts, y).to_vector();
  double total = 0;
  for (double v : lp) total += std::exp(v);
  CHECK(total < 1.0);
  CHECK(total > 0.0);
  // The same probabilities with length normalisation are the geometric means.
  const auto ln = policy.sequence_log_probs(prompts, y, true).to_vector();
  for (std::size_t i = 0; i < lp.size(); ++i) CHECK(ln[i] == Approx(lp[i] / double(titles[i].size() + 1)).epsilon(1e-6));
}

TEST_CASE("title policy: token log-probs sum to the sequence log-probs; a shared prefix scores alike", "[alignment][policy]") {
  const TitlePolicyConfig c = tiny_config(2);
  TitlePolicy policy(c, 4);
  const auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 9, 6);
  const TokenLogProbs t = policy.token_log_probs(prompts, y);
  REQUIRE(t.size() == y.size());
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(t.offsets[i + 1] - t.offsets[i] == std::int64_t(y.length(i) + 1));
  CHECK(t.sums().to_vector() == policy.sequence_log_probs(prompts, y).to_vector());
  CHECK(t.sums(true).to_vector() == policy.sequence_log_probs(prompts, y, true).to_vector());
  // (3, 4) and (3, 4, 5) under one prompt: the first two terms are the same conditionals; the
  // third is log pi(EOS | 3, 4) for the first and log pi(5 | 3, 4) for the second, so the two
  // probabilities together are at most 1.
  datasets::TitlePrompts p;
  datasets::TokenSequences z;
  for (const auto& s : {std::vector<std::uint32_t>{3, 4}, std::vector<std::uint32_t>{3, 4, 5}}) {
    p.push(0, std::vector<std::uint32_t>{4, 6});
    z.push(s);
  }
  const std::vector<double> v = policy.token_log_probs(p, z).values.to_vector();
  REQUIRE(v.size() == 7);
  CHECK(v[0] == Approx(v[3]).epsilon(1e-6));
  CHECK(v[1] == Approx(v[4]).epsilon(1e-6));
  CHECK(policy.token_log_probs(p, z).eos() == std::vector<double>{v[2], v[6]});
  CHECK(std::exp(v[2]) + std::exp(v[5]) < 1.0);
  CHECK(v[2] != Approx(v[5]));
}

TEST_CASE("title policy: next-token distributions are normalised and hold every scored token's log-prob", "[alignment][policy]") {
  for (const bool copy : {true, false}) {
    INFO("keyword_copy " << copy);
    const TitlePolicyConfig c = tiny_config(2, copy);
    TitlePolicy policy(c, 8);
    const auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 9, 11);
    const TokenLogProbs t = policy.token_log_probs(prompts, y);
    const Tensor d = policy.next_token_log_probs(prompts, y);
    const std::int64_t V = c.vocab.vocab_size, rows = t.offsets.back();
    REQUIRE(d.shape() == nn::Shape{rows, V});
    CHECK_FALSE(d.requires_grad());
    const std::vector<double> lp = d.to_vector(), picked = t.values.to_vector();
    for (std::size_t i = 0; i < y.size(); ++i)
      for (std::int64_t q = t.offsets[i]; q < t.offsets[i + 1]; ++q) {
        double total = 0;
        for (std::int64_t v = 0; v < V; ++v) total += std::exp(lp[std::size_t(q * V + v)]);
        CHECK(total == Approx(1.0).epsilon(1e-5));
        // The scored token: y_i[t] at its t-th position, EOS at the last.
        const std::size_t at = std::size_t(q - t.offsets[i]);
        const std::uint32_t token = at < y.length(i) ? y.at(i)[at] : std::uint32_t(datasets::kEosToken);
        CHECK(lp[std::size_t(q * V + token)] == Approx(picked[std::size_t(q)]).epsilon(1e-5).margin(1e-6));
      }
    // A position's distribution depends on the prefix only: the same prefix in a longer completion
    // gives the same row.
    datasets::TitlePrompts p;
    datasets::TokenSequences z;
    for (const auto& s : {std::vector<std::uint32_t>{3, 4}, std::vector<std::uint32_t>{3, 4, 5, 7}}) {
      p.push(0, std::vector<std::uint32_t>{4, 6});
      z.push(s);
    }
    const std::vector<double> e = policy.next_token_log_probs(p, z).to_vector();
    REQUIRE(e.size() == std::size_t(8 * V));
    for (std::int64_t row = 0; row < 3; ++row)
      for (std::int64_t v = 0; v < V; ++v) CHECK(e[std::size_t(row * V + v)] == Approx(e[std::size_t((3 + row) * V + v)]).epsilon(1e-6));
  }
}

TEST_CASE("title policy: sampling is deterministic in the seed, batching and thread count", "[alignment][policy][sampling]") {
  const TitlePolicyConfig c = tiny_config(1);
  TitlePolicy policy(c, 7);
  auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 1500, 4);  // > one 1024-row chunk
  const algorithms::TitleSampling s{1.0, 0, 8};
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const datasets::TokenSequences one = policy.sample(prompts, s, 11);
  omp_set_num_threads(2);
  const datasets::TokenSequences two = policy.sample(prompts, s, 11);
  const datasets::TokenSequences other = policy.sample(prompts, s, 12);
  omp_set_num_threads(threads);
  CHECK(one.tokens == two.tokens);
  CHECK(one.offsets == two.offsets);
  CHECK(one.tokens != other.tokens);
  const datasets::TokenSequences again = policy.sample(prompts, s, 11);
  CHECK(again.tokens == one.tokens);
  // A row's title does not depend on the other rows of the batch: the first 10 prompts alone
  // (same prompt indices 0-9) give the first 10 titles of the 1500-prompt call.
  datasets::TitlePrompts head;
  for (std::size_t i = 0; i < 10; ++i) head.push(prompts.industry[i], prompts.keywords.at(i));
  const datasets::TokenSequences alone = policy.sample(head, s, 11);
  for (std::size_t i = 0; i < 10; ++i) {
    const auto a = alone.at(i), b = one.at(i);
    CHECK(std::vector<std::uint32_t>(a.begin(), a.end()) == std::vector<std::uint32_t>(b.begin(), b.end()));
  }
  // Never PAD / BOS / EOS inside a title; lengths within max_length.
  bool clean = true;
  for (std::uint32_t t : one.tokens) clean = clean && t >= datasets::kFirstContentToken && t < c.vocab.vocab_size;
  CHECK(clean);
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(one.length(i) <= 8);
}

TEST_CASE("title policy: a tiny temperature samples the argmax path; top_k = 1 is greedy", "[alignment][policy][sampling]") {
  const TitlePolicyConfig c = tiny_config(1);
  TitlePolicy policy(c, 8);
  auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 20, 5);
  const datasets::TokenSequences cold = policy.sample(prompts, {1e-4, 0, 6}, 1);
  const datasets::TokenSequences cold2 = policy.sample(prompts, {1e-4, 0, 6}, 99);
  const datasets::TokenSequences greedy = policy.sample(prompts, {1.0, 1, 6}, 3);
  CHECK(cold.tokens == cold2.tokens);
  CHECK(cold.tokens == greedy.tokens);
  CHECK(cold.offsets == greedy.offsets);
}

TEST_CASE("title policy: clones are deep, frozen clones get no gradient, checkpoints round-trip", "[alignment][policy]") {
  const TitlePolicyConfig c = tiny_config(1);
  TitlePolicy a(c, 3);
  const auto [prompts, y] = policy_data(c.vocab.vocab_size, c.vocab.num_industries, 5, 6);
  TitlePolicy b = a.clone();
  CHECK(b.sequence_log_probs(prompts, y).to_vector() == a.sequence_log_probs(prompts, y).to_vector());
  b.named_parameters()[0].value.data<float>()[40] += 1.0f;
  CHECK(b.sequence_log_probs(prompts, y).to_vector() != a.sequence_log_probs(prompts, y).to_vector());
  TitlePolicy frozen = a.clone();
  frozen.freeze();
  CHECK(!frozen.sequence_log_probs(prompts, y).requires_grad());
  CHECK(a.sequence_log_probs(prompts, y).requires_grad());
  const std::string path = make_temp_dir("simrec_title_policy_ckpt_") + "/policy.ckpt";
  b.save(path);
  TitlePolicy d(c, 99);
  d.load(path);
  CHECK(d.sequence_log_probs(prompts, y).to_vector() == b.sequence_log_probs(prompts, y).to_vector());
}

TEST_CASE("title policy: bad prompts and configurations are rejected clearly", "[alignment][policy]") {
  const TitlePolicyConfig c = tiny_config(1);
  TitlePolicy policy(c, 1);
  datasets::TitlePrompts p;
  datasets::TokenSequences y;
  p.push(0, std::vector<std::uint32_t>{});
  y.push(std::vector<std::uint32_t>{4});
  CHECK_THROWS_WITH(policy.sequence_log_probs(p, y), Catch::Contains("prompt 0") && Catch::Contains("empty keyword list"));
  CHECK_THROWS_WITH(policy.sample(p, {}, 1), Catch::Contains("empty keyword list"));
  datasets::TitlePrompts q;
  q.push(4, std::vector<std::uint32_t>{5});
  CHECK_THROWS_WITH(policy.sequence_log_probs(q, y), Catch::Contains("industry 4") && Catch::Contains("[0, 3]"));
  datasets::TitlePrompts r;
  r.push(1, std::vector<std::uint32_t>{5});
  datasets::TokenSequences bad;
  bad.push(std::vector<std::uint32_t>{4, datasets::kEosToken});
  CHECK_THROWS_WITH(policy.sequence_log_probs(r, bad), Catch::Contains("completion 0 has token 2"));
  CHECK_THROWS_WITH(policy.sample(r, {0.0, 0, 5}, 1), Catch::Contains("temperature"));
  TitlePolicyConfig z = c;
  z.hidden_size = 0;
  CHECK_THROWS_WITH(TitlePolicy(z, 1), Catch::Contains("hidden_size = 0") && Catch::Contains("[1, 8192]"));
}
