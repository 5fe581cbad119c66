#include "algorithms/alignment/title_policy.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::algorithms::alignment {

using datasets::kBosToken;
using datasets::kEosToken;
using datasets::kFirstContentToken;
using datasets::kPadToken;

void TitlePolicyConfig::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("TitlePolicyConfig: " + what); };
  if (vocab.vocab_size <= kFirstContentToken)
    bad("vocab.vocab_size = " + std::to_string(vocab.vocab_size) + " must exceed 3 (ids 0-2 are PAD, BOS, EOS)");
  if (vocab.num_industries < 1) bad("vocab.num_industries = 0 must be >= 1");
  if (embedding_dim < 1 || embedding_dim > 4096) bad("embedding_dim = " + std::to_string(embedding_dim) + " must be in [1, 4096]");
  if (hidden_size < 1 || hidden_size > 8192) bad("hidden_size = " + std::to_string(hidden_size) + " must be in [1, 8192]");
  if (num_layers < 1 || num_layers > 8) bad("num_layers = " + std::to_string(num_layers) + " must be in [1, 8]");
}

// The keyword-copy columns of R rows, K per row: row r's distinct prompt keywords in ascending
// order, padded with PAD; on[r * K + j] = 1 when that keyword is not yet emitted, 0 for emitted
// keywords and padding (a dense row mask would have 1 exactly on the `on` columns).
struct CopyColumns {
  std::int64_t k = 0;
  std::vector<std::int64_t> cols;
  std::vector<float> on;

  // row(r) returns (prompt index, tokens emitted so far) of row r, for r in [0, rows).
  template <class Emitted>
  CopyColumns(const datasets::TitlePrompts& p, std::size_t rows, const Emitted& row) {
    std::vector<std::vector<std::uint32_t>> kws(rows);
    std::vector<std::span<const std::uint32_t>> emitted(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto [i, e] = row(r);
      const auto kw = p.keywords.at(i);
      kws[r].assign(kw.begin(), kw.end());
      std::sort(kws[r].begin(), kws[r].end());
      kws[r].erase(std::unique(kws[r].begin(), kws[r].end()), kws[r].end());
      emitted[r] = e;
      k = std::max(k, std::int64_t(kws[r].size()));
    }
    cols.assign(rows * std::size_t(k), std::int64_t(kPadToken));
    on.assign(rows * std::size_t(k), 0.0f);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t j = 0; j < kws[r].size(); ++j) {
        cols[r * std::size_t(k) + j] = kws[r][j];
        on[r * std::size_t(k) + j] = std::find(emitted[r].begin(), emitted[r].end(), kws[r][j]) == emitted[r].end() ? 1.0f : 0.0f;
      }
  }
};

class TitlePolicy::Model : public nn::Module {
 public:
  explicit Model(const TitlePolicyConfig& c)
      : tok_emb(c.vocab.vocab_size, c.embedding_dim, /*sparse_grad=*/false),
        industry_emb(std::int64_t(c.vocab.num_industries) + 1, c.embedding_dim, /*sparse_grad=*/false),
        init_proj(2 * c.embedding_dim, std::int64_t(c.num_layers) * c.hidden_size),
        lstm(3 * c.embedding_dim, c.hidden_size, c.num_layers),
        head(c.hidden_size, c.vocab.vocab_size),
        copy_gate(c.hidden_size, 1),
        keyword_copy(c.keyword_copy) {
    register_module("tok_emb", tok_emb);
    register_module("industry_emb", industry_emb);
    register_module("init_proj", init_proj);
    register_module("lstm", lstm);
    register_module("head", head);
    if (keyword_copy) register_module("copy_gate", copy_gate);  // last: the other names keep their order
  }

  // Output logits [R, V] of top-layer outputs h [R, H]; with keyword_copy, plus s = copy_gate(h)
  // [R, 1] on each row's copy columns that are on (prompt keyword not yet emitted): a scatter_add
  // of K entries per row, equal to adding the dense 0/1 mask times s.
  nn::Tensor logits(const nn::Tensor& h, const CopyColumns* copy) const {
    nn::Tensor out = head(h);
    if (!keyword_copy) return out;
    const std::int64_t R = h.dim(0), K = copy->k;
    nn::Tensor on = nn::Tensor::from(nn::Shape{R, K}, copy->on);
    if (on.dtype() != out.dtype()) on = on.to(out.dtype());
    return nn::scatter_add(out, copy->cols, nn::broadcast_to(copy_gate(h), nn::Shape{R, K}) * on);
  }

  // ctx [N, 2E] and the initial LSTM state.
  nn::Tensor context(const datasets::TitlePrompts& p) const {
    std::vector<std::int64_t> ind(p.industry.begin(), p.industry.end());
    std::vector<std::int64_t> kw(p.keywords.tokens.begin(), p.keywords.tokens.end());
    std::vector<std::int64_t> off(p.keywords.offsets.begin(), p.keywords.offsets.end());
    const nn::Tensor kw_mean = nn::embedding_bag(tok_emb.weight(), kw, off, nn::BagMode::Mean);
    return nn::concat({industry_emb(ind), kw_mean}, 1);
  }
  nn::LSTMState initial_state(const nn::Tensor& ctx) const {
    const std::int64_t L = lstm.num_layers(), H = lstm.hidden_size(), N = ctx.dim(0);
    const nn::Tensor h = nn::tanh(init_proj(ctx));
    nn::LSTMState s;
    s.h = L == 1 ? std::vector<nn::Tensor>{h} : nn::split(h, 1, std::vector<std::int64_t>(std::size_t(L), H));
    for (std::int64_t l = 0; l < L; ++l) s.c.push_back(nn::Tensor::zeros(nn::Shape{N, H}));
    return s;
  }
  // x [T, N, 3E] from previous-token ids laid out [T, N] and the context.
  nn::Tensor inputs(const std::vector<std::int64_t>& prev, std::int64_t T, const nn::Tensor& ctx) const {
    const std::int64_t N = ctx.dim(0), C = ctx.dim(1);
    const nn::Tensor e = tok_emb(prev, nn::Shape{T, N});
    return nn::concat({e, nn::broadcast_to(nn::unsqueeze(ctx, 0), nn::Shape{T, N, C})}, 2);
  }

  nn::Embedding tok_emb, industry_emb;
  nn::Linear init_proj;
  nn::LSTM lstm;
  nn::Linear head;
  nn::Linear copy_gate;  // registered only with keyword_copy
  bool keyword_copy;
};

TitlePolicy::TitlePolicy(const TitlePolicyConfig& config, std::uint64_t seed) : config_(config) {
  config_.validate();
  model_ = std::make_unique<Model>(config_);
  model_->init(seed);
}

TitlePolicy::TitlePolicy(const TitlePolicy& other) : config_(other.config_), frozen_(other.frozen_) {
  model_ = std::make_unique<Model>(config_);
  model_->init(0);  // marks the module ready; every value is overwritten below
  const auto src = other.model_->named_parameters();
  const auto dst = model_->named_parameters();
  for (std::size_t i = 0; i < src.size(); ++i) {
    nn::Tensor d = dst[i].value;
    d.copy_from(src[i].value);
  }
  freeze(frozen_);
}

TitlePolicy& TitlePolicy::operator=(const TitlePolicy& other) {
  if (this != &other) *this = TitlePolicy(other);
  return *this;
}
TitlePolicy::TitlePolicy(TitlePolicy&&) noexcept = default;
TitlePolicy& TitlePolicy::operator=(TitlePolicy&&) noexcept = default;
TitlePolicy::~TitlePolicy() = default;

void TitlePolicy::freeze(bool frozen) {
  frozen_ = frozen;
  for (nn::Tensor p : model_->parameters()) {
    p.set_requires_grad(!frozen);
    if (frozen) p.zero_grad();
  }
}

std::vector<nn::NamedTensor> TitlePolicy::named_parameters() const { return model_->named_parameters(); }
std::vector<nn::Tensor> TitlePolicy::parameters() const { return model_->parameters(); }
void TitlePolicy::zero_grad() { model_->zero_grad(); }
void TitlePolicy::save(const std::string& path) const { model_->save(path); }
void TitlePolicy::load(const std::string& path) { model_->load(path); }

void TitlePolicy::validate(const datasets::TitlePrompts& p, const datasets::TokenSequences* completions) const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("TitlePolicy: " + what); };
  const std::uint32_t K = config_.vocab.num_industries, V = config_.vocab.vocab_size;
  if (p.keywords.size() != p.size())
    bad(std::to_string(p.size()) + " industries but " + std::to_string(p.keywords.size()) + " keyword lists");
  for (std::size_t i = 0; i < p.size(); ++i) {
    const std::uint32_t ind = p.industry[i];
    if (ind > K)
      bad("prompt " + std::to_string(i) + " has industry " + std::to_string(ind) + "; allowed [0, " + std::to_string(K) +
          "] (" + std::to_string(K) + " = no industry, open-domain text)");
    const std::size_t n = p.keywords.length(i);
    if (n == 0 && ind != K)
      bad("prompt " + std::to_string(i) + " (industry " + std::to_string(ind) +
          ") has an empty keyword list; a title prompt needs 1-3 keywords (only open-domain prompts, industry = " +
          std::to_string(K) + ", may have none)");
    if (n > 3) bad("prompt " + std::to_string(i) + " has " + std::to_string(n) + " keywords; allowed 1-3");
    for (std::uint32_t k : p.keywords.at(i))
      if (k < kFirstContentToken || k >= V)
        bad("prompt " + std::to_string(i) + " has keyword token " + std::to_string(k) + "; allowed [3, " +
            std::to_string(V) + ")");
  }
  if (!completions) return;
  if (completions->size() != p.size())
    bad(std::to_string(p.size()) + " prompts but " + std::to_string(completions->size()) + " completions");
  for (std::size_t i = 0; i < completions->size(); ++i)
    for (std::uint32_t k : completions->at(i))
      if (k < kFirstContentToken || k >= V)
        bad("completion " + std::to_string(i) + " has token " + std::to_string(k) + "; allowed [3, " + std::to_string(V) +
            ") (PAD / BOS / EOS are never part of a stored title)");
}

std::vector<double> TitlePolicy::token_counts(const datasets::TokenSequences& c) {
  std::vector<double> n(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) n[i] = double(c.length(i) + 1);
  return n;
}

nn::Tensor TokenLogProbs::sums(bool length_normalised) const {
  const std::int64_t N = std::int64_t(size());
  if (N == 0) return nn::Tensor::zeros(nn::Shape{0});
  std::vector<std::int64_t> ids(std::size_t(offsets.back()));
  std::iota(ids.begin(), ids.end(), std::int64_t(0));
  nn::Tensor total = nn::embedding_bag(nn::reshape(values, {-1, 1}), ids, offsets, nn::BagMode::Sum);  // [N, 1]
  total = nn::reshape(total, {N});
  if (length_normalised) {
    std::vector<float> n(static_cast<std::size_t>(N));
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = float(offsets[i + 1] - offsets[i]);
    total = total / nn::Tensor::from(nn::Shape{N}, n).to(total.dtype());
  }
  return total;
}

std::vector<double> TokenLogProbs::eos() const {
  const std::vector<double> v = values.to_vector();
  std::vector<double> out(size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = v[std::size_t(offsets[i + 1] - 1)];
  return out;
}

nn::Tensor TitlePolicy::sequence_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& y,
                                           bool length_normalised) const {
  return token_log_probs(prompts, y).sums(length_normalised);
}

TitlePolicy::PositionLogits TitlePolicy::position_logits(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& y) const {
  validate(prompts, &y);
  const std::int64_t N = std::int64_t(y.size());
  if (N == 0) return {nn::Tensor::zeros(nn::Shape{0, std::int64_t(config_.vocab.vocab_size)}), {}, {0}};
  std::size_t longest = 0;
  for (std::size_t i = 0; i < y.size(); ++i) longest = std::max(longest, y.length(i));
  const std::int64_t T = std::int64_t(longest) + 1;
  // Previous tokens [T, N]: BOS, y_1 .. y_n, then PAD (its outputs are never read).
  std::vector<std::int64_t> prev(std::size_t(T * N), kPadToken);
  for (std::int64_t b = 0; b < N; ++b) {
    const auto s = y.at(std::size_t(b));
    prev[std::size_t(b)] = kBosToken;
    for (std::size_t t = 0; t + 1 < std::size_t(T) && t < s.size(); ++t) prev[(t + 1) * std::size_t(N) + std::size_t(b)] = s[t];
  }
  // Valid positions, sequence-major (so each sequence's terms are contiguous), and their targets.
  std::vector<std::int64_t> rows, targets, bag(std::size_t(N) + 1, 0);
  for (std::int64_t b = 0; b < N; ++b) {
    const auto s = y.at(std::size_t(b));
    for (std::size_t t = 0; t <= s.size(); ++t) {
      rows.push_back(std::int64_t(t) * N + b);
      targets.push_back(t < s.size() ? std::int64_t(s[t]) : std::int64_t(kEosToken));
    }
    bag[std::size_t(b) + 1] = std::int64_t(rows.size());
  }

  const nn::Tensor ctx = model_->context(prompts);
  const nn::LSTMOutput r = model_->lstm(model_->inputs(prev, T, ctx), model_->initial_state(ctx));
  const nn::Tensor h = nn::index_select(nn::reshape(r.output, {T * N, -1}), rows);       // [n_valid, H]
  // Copy columns of each valid position (b, t): prompt b's keywords, on when not among y_b[0 .. t-1].
  std::optional<CopyColumns> copy;
  if (config_.keyword_copy) {
    std::vector<std::int64_t> bag_of(rows.size());
    for (std::int64_t b = 0; b < N; ++b)
      for (std::int64_t q = bag[std::size_t(b)]; q < bag[std::size_t(b) + 1]; ++q) bag_of[std::size_t(q)] = b;
    copy.emplace(prompts, rows.size(), [&](std::size_t q) {
      const std::size_t b = std::size_t(bag_of[q]), t = q - std::size_t(bag[b]);
      return std::pair{b, y.at(b).subspan(0, t)};
    });
  }
  return {model_->logits(h, copy ? &*copy : nullptr), std::move(targets), std::move(bag)};  // [n_valid, V]
}

TokenLogProbs TitlePolicy::token_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& y) const {
  PositionLogits p = position_logits(prompts, y);
  if (p.targets.empty()) return {nn::Tensor::zeros(nn::Shape{0}), std::move(p.offsets)};
  return {nn::log_softmax_pick(p.logits, p.targets), std::move(p.offsets)};  // [n_valid]
}

nn::Tensor TitlePolicy::next_token_log_probs(const datasets::TitlePrompts& prompts, const datasets::TokenSequences& y) const {
  nn::NoGradGuard no_grad;
  const PositionLogits p = position_logits(prompts, y);
  return p.targets.empty() ? p.logits : nn::log_softmax(p.logits, 1);
}

namespace {

// The next token of one row: temperature, PAD / BOS excluded, top-k, inverse-CDF draw with u.
std::uint32_t draw_token(const float* logits, std::uint32_t V, double temperature, int top_k, double u,
                         std::vector<std::pair<double, std::uint32_t>>& scratch) {
  scratch.clear();
  for (std::uint32_t v = kEosToken; v < V; ++v) scratch.emplace_back(double(logits[v]) / temperature, v);
  auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  if (top_k > 0 && std::size_t(top_k) < scratch.size()) {
    std::partial_sort(scratch.begin(), scratch.begin() + top_k, scratch.end(), better);
    scratch.resize(std::size_t(top_k));
    std::sort(scratch.begin(), scratch.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  }
  double m = -INFINITY;
  for (const auto& s : scratch) m = std::max(m, s.first);
  double total = 0;
  for (auto& s : scratch) total += (s.first = std::exp(s.first - m));
  const double target = u * total;
  double acc = 0;
  for (const auto& s : scratch) {
    acc += s.first;
    if (acc >= target && s.first > 0) return s.second;
  }
  for (auto it = scratch.rbegin(); it != scratch.rend(); ++it)  // rounding: the last token with mass
    if (it->first > 0) return it->second;
  return kEosToken;
}

}  // namespace

datasets::TokenSequences TitlePolicy::sample(const datasets::TitlePrompts& prompts, const algorithms::TitleSampling& s,
                                             std::uint64_t seed) const {
  if (!(s.temperature > 0) || !std::isfinite(s.temperature))
    throw std::invalid_argument("TitlePolicy::sample: temperature = " + std::to_string(s.temperature) + " must be > 0");
  if (s.top_k < 0) throw std::invalid_argument("TitlePolicy::sample: top_k = " + std::to_string(s.top_k) + " must be >= 0 (0: whole vocabulary)");
  if (s.max_length < 1) throw std::invalid_argument("TitlePolicy::sample: max_length = " + std::to_string(s.max_length) + " must be >= 1");
  validate(prompts, nullptr);
  const nn::NoGradGuard no_grad;
  const std::uint32_t V = config_.vocab.vocab_size;
  const random::Key key = random::stream_key(seed, "alignment/title_sample");
  const std::int64_t N = std::int64_t(prompts.size());
  std::vector<std::vector<std::uint32_t>> out(static_cast<std::size_t>(N));
  constexpr std::int64_t kChunk = 1024;  // rows per batched pass (does not affect the draws)
  for (std::int64_t begin = 0; begin < N; begin += kChunk) {
    const std::int64_t B = std::min(kChunk, N - begin);
    datasets::TitlePrompts chunk;
    for (std::int64_t i = begin; i < begin + B; ++i) chunk.push(prompts.industry[std::size_t(i)], prompts.keywords.at(std::size_t(i)));
    const nn::Tensor ctx = model_->context(chunk);
    nn::LSTMState state = model_->initial_state(ctx);
    std::vector<std::int64_t> prev(std::size_t(B), kBosToken);
    std::vector<char> done(std::size_t(B), 0);
    for (int t = 0; t < s.max_length; ++t) {  // after max_length content tokens: stop without EOS
      const nn::LSTMOutput r = model_->lstm(model_->inputs(prev, 1, ctx), state);
      state = r.final;
      std::optional<CopyColumns> copy;
      if (config_.keyword_copy)
        copy.emplace(chunk, std::size_t(B), [&](std::size_t b) {
          return std::pair{b, std::span<const std::uint32_t>(out[std::size_t(begin) + b])};
        });
      nn::Tensor logits = model_->logits(nn::reshape(r.output, {B, -1}), copy ? &*copy : nullptr);
      if (logits.dtype() != nn::DType::F32) logits = logits.to(nn::DType::F32);
      const float* L = logits.data<float>();
      bool any_left = false;
#pragma omp parallel
      {
        std::vector<std::pair<double, std::uint32_t>> scratch;
#pragma omp for schedule(static) reduction(|| : any_left)
        for (std::int64_t b = 0; b < B; ++b) {
          if (done[std::size_t(b)]) continue;
          const std::uint64_t row = std::uint64_t(begin + b);
          const random::Counter c = random::philox_block(key, row, std::uint64_t(t));
          const double u = random::u64_to_open01(std::uint64_t(c[0]) | (std::uint64_t(c[1]) << 32));
          const std::uint32_t tok = draw_token(L + b * std::int64_t(V), V, s.temperature, s.top_k, u, scratch);
          if (tok == kEosToken) {
            done[std::size_t(b)] = 1;
          } else {
            out[std::size_t(row)].push_back(tok);
            prev[std::size_t(b)] = tok;
            any_left = true;
          }
        }
      }
      if (!any_left) break;
    }
  }
  datasets::TokenSequences result;
  for (const auto& seq : out) result.push(seq);
  return result;
}

}  // namespace simrec::algorithms::alignment
