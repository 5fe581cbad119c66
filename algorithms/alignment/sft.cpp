#include "algorithms/alignment/sft.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/random/philox.hpp"

namespace simrec::algorithms::alignment {

void SftOptions::validate() const {
  auto bad = [](const std::string& what) { throw std::invalid_argument("SftOptions: " + what); };
  if (epochs < 1) bad("epochs = " + std::to_string(epochs) + " must be >= 1");
  if (batch_size < 1) bad("batch_size = " + std::to_string(batch_size) + " must be >= 1");
  if (!(learning_rate > 0) || !std::isfinite(learning_rate)) bad("learning_rate = " + std::to_string(learning_rate) + " must be > 0");
  if (!(open_ratio >= 0) || !std::isfinite(open_ratio)) bad("open_ratio = " + std::to_string(open_ratio) + " must be >= 0");
}

std::vector<OptionSpec> title_policy_option_specs() {
  const TitlePolicyConfig c;
  const SftOptions o;
  return {
      int_option("embedding_dim", c.embedding_dim, 1, 4096, "E: token and industry embedding width"),
      int_option("hidden_size", c.hidden_size, 1, 8192, "H: LSTM hidden width"),
      int_option("num_layers", c.num_layers, 1, 8, "stacked LSTM layers"),
      bool_option("keyword_copy", c.keyword_copy, "add a learned, coverage-gated copy bias to the prompt keywords' logits"),
      int_option("sft_epochs", o.epochs, 1, 100000, "SFT epochs (each: the task corpus once + its business and open shares)"),
      int_option("sft_batch_size", o.batch_size, 1, 1000000, "titles per SFT step"),
      real_option("sft_learning_rate", o.learning_rate, 1e-9, 10, "SFT Adam learning rate"),
      real_option("open_ratio", o.open_ratio, 0, 1000, "N in task : business : open = 1 : 1 : N"),
  };
}

void read_title_policy_options(const OptionValues& v, TitlePolicyConfig& config, SftOptions& sft) {
  config.embedding_dim = int(v.get_int("embedding_dim"));
  config.hidden_size = int(v.get_int("hidden_size"));
  config.num_layers = int(v.get_int("num_layers"));
  config.keyword_copy = v.get_bool("keyword_copy");
  sft.epochs = int(v.get_int("sft_epochs"));
  sft.batch_size = int(v.get_int("sft_batch_size"));
  sft.learning_rate = v.get_real("sft_learning_rate");
  sft.open_ratio = v.get_real("open_ratio");
}

std::vector<std::size_t> permutation(std::size_t n, std::uint64_t seed, const char* stream, std::uint64_t entity) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t(0));
  random::Rng rng(seed, stream, entity);
  for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[std::size_t(rng.below(i))]);
  return p;
}

datasets::TitlePrompts select_prompts(const datasets::TitlePrompts& p, const std::vector<std::size_t>& idx) {
  datasets::TitlePrompts out;
  for (std::size_t i : idx) out.push(p.industry[i], p.keywords.at(i));
  return out;
}

datasets::TokenSequences select_sequences(const datasets::TokenSequences& s, const std::vector<std::size_t>& idx) {
  datasets::TokenSequences out;
  for (std::size_t i : idx) out.push(s.at(i));
  return out;
}

namespace {

struct Example {
  int corpus;  // 0 task, 1 business, 2 open
  std::size_t row;
};

// `count` rows of a corpus of size n for epoch e: successive random permutations.
void draw_share(std::vector<Example>& out, int corpus, std::size_t n, std::size_t count, std::uint64_t seed, const char* stream,
                std::uint64_t epoch) {
  if (n == 0) return;
  for (std::uint64_t k = 0; count > 0; ++k) {
    const std::vector<std::size_t> p = permutation(n, seed, stream, epoch + 1000003ull * k);
    for (std::size_t i = 0; i < p.size() && count > 0; ++i, --count) out.push_back({corpus, p[i]});
  }
}

void check_corpus(const TitlePolicy& policy, const datasets::TitleCorpus& c, const char* name) {
  try {
    policy.validate(c.prompts, &c.titles);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("train_sft: ") + name + " corpus: " + e.what());
  }
}

}  // namespace

double corpus_nll(const TitlePolicy& policy, const datasets::TitleCorpus& corpus, int batch_size) {
  const nn::NoGradGuard no_grad;
  double nll = 0, tokens = 0;
  for (std::size_t b = 0; b < corpus.size(); b += std::size_t(batch_size)) {
    std::vector<std::size_t> idx;
    for (std::size_t i = b; i < std::min(corpus.size(), b + std::size_t(batch_size)); ++i) idx.push_back(i);
    const datasets::TokenSequences y = select_sequences(corpus.titles, idx);
    nll -= nn::sum_all(policy.sequence_log_probs(select_prompts(corpus.prompts, idx), y)).item();
    for (double n : TitlePolicy::token_counts(y)) tokens += n;
  }
  return tokens > 0 ? nll / tokens : 0.0;
}

TitlePolicy train_sft(const TitlePolicyConfig& config, const datasets::TitleCorpus& task, const datasets::TitleCorpus& business,
                      const datasets::TitleCorpus& open, const SftOptions& options, std::uint64_t seed,
                      algorithms::TrainingLogger& log, const datasets::TitleCorpus* validation) {
  options.validate();
  if (task.size() == 0) throw std::invalid_argument("train_sft: the task corpus is empty (it sets the epoch size)");
  TitlePolicy policy(config, seed);
  check_corpus(policy, task, "task");
  check_corpus(policy, business, "business");
  check_corpus(policy, open, "open");
  if (validation) check_corpus(policy, *validation, "validation");
  const datasets::TitleCorpus* corpora[3] = {&task, &business, &open};
  nn::AdamOptions adam;
  adam.lr = options.learning_rate;
  nn::Adam optimizer(policy.named_parameters(), adam);
  const std::size_t n_task = task.size();
  const std::size_t n_open = std::size_t(std::llround(options.open_ratio * double(n_task)));
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::vector<Example> mix;
    draw_share(mix, 0, task.size(), n_task, seed, "alignment/sft/task", std::uint64_t(epoch));
    draw_share(mix, 1, business.size(), n_task, seed, "alignment/sft/business", std::uint64_t(epoch));
    draw_share(mix, 2, open.size(), n_open, seed, "alignment/sft/open", std::uint64_t(epoch));
    const std::vector<std::size_t> order = permutation(mix.size(), seed, "alignment/sft/mix", std::uint64_t(epoch));
    double nll = 0, tokens = 0;
    for (std::size_t b = 0; b < order.size(); b += std::size_t(options.batch_size)) {
      datasets::TitlePrompts prompts;
      datasets::TokenSequences titles;
      for (std::size_t k = b; k < std::min(order.size(), b + std::size_t(options.batch_size)); ++k) {
        const Example& ex = mix[order[k]];
        const datasets::TitleCorpus& c = *corpora[ex.corpus];
        prompts.push(c.prompts.industry[ex.row], c.prompts.keywords.at(ex.row));
        titles.push(c.titles.at(ex.row));
      }
      double batch_tokens = 0;
      for (double n : TitlePolicy::token_counts(titles)) batch_tokens += n;
      optimizer.zero_grad();
      const nn::Tensor total = nn::sum_all(policy.sequence_log_probs(prompts, titles));
      const nn::Tensor loss = total * (-1.0 / batch_tokens);
      loss.backward();
      optimizer.step();
      nll -= total.item();
      tokens += batch_tokens;
      log.progress(std::min(1.0, (double(epoch - 1) + double(b + std::size_t(options.batch_size)) / double(order.size())) / options.epochs));
    }
    log.log(epoch, "train_nll", nll / tokens);
    if (validation && validation->size() > 0) log.log(epoch, "validation_nll", corpus_nll(policy, *validation));
  }
  return policy;
}

}  // namespace simrec::algorithms::alignment
