#include "algorithms/alignment/methods.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "algorithms/alignment/preference_losses.hpp"
#include "algorithms/alignment/sft.hpp"

namespace simrec::algorithms::alignment {

const char* method_name(AlignmentMethod m) {
  switch (m) {
    case AlignmentMethod::Sft: return "sft";
    case AlignmentMethod::Dpo: return "dpo";
    case AlignmentMethod::Ipo: return "ipo";
    case AlignmentMethod::Kto: return "kto";
    case AlignmentMethod::Kton: return "kton";
    case AlignmentMethod::DpoPenalty: return "dpo_penalty";
  }
  return "?";
}

std::vector<OptionSpec> alignment_options(AlignmentMethod m) {
  if (m == AlignmentMethod::Sft) return {};
  std::vector<OptionSpec> o;
  const bool pairs = m == AlignmentMethod::Dpo || m == AlignmentMethod::Ipo || m == AlignmentMethod::DpoPenalty;
  if (m != AlignmentMethod::Ipo) o.push_back(real_option("beta", 0.1, 1e-6, 1e3, "beta > 0: strength of the KL anchor to the reference"));
  if (m == AlignmentMethod::Dpo || m == AlignmentMethod::DpoPenalty)
    o.push_back(real_option("label_smoothing", 0.0, 0.0, 0.499, "eps in [0, 0.5): conservative DPO's label noise"));
  if (m == AlignmentMethod::Ipo) {
    o.push_back(real_option("tau", 0.1, 1e-6, 1e6, "tau > 0: IPO's target margin is 1 / (2 tau)"));
    o.push_back(bool_option("length_normalise", false, "divide each log-prob by its token count (n + 1) before the loss"));
  }
  if (m == AlignmentMethod::Kto || m == AlignmentMethod::Kton) {
    o.push_back(real_option("lambda_d", 1.0, 0.0, 1e3, "lambda_D: weight of desirable samples"));
    o.push_back(real_option("lambda_u", 1.0, 0.0, 1e3, "lambda_U: weight of undesirable samples (raise to weight negatives)"));
  }
  if (m == AlignmentMethod::Kton || m == AlignmentMethod::DpoPenalty)
    o.push_back(real_option("lambda_n", 1.0, 0.0, 1e3, "lambda_N: weight of max(0, r(x, y_rejected)), the penalty on a rising rejected log-ratio"));
  o.push_back(int_option("epochs", 3, 1, 100000, "passes over the preference data"));
  o.push_back(int_option("batch_size", 32, 1, 1000000, pairs ? "preference pairs per step" : "feedback samples per step (KTO's mismatched pairs are formed within a batch)"));
  o.push_back(real_option("learning_rate", 1e-4, 1e-9, 10, "optimizer learning rate"));
  o.push_back(choice_option("optimizer", "adam", {"adam", "sgd"}, "optimizer of the policy"));
  o.push_back(real_option("adam_beta2", 0.999, 0.0, 0.99999,
                          "Adam's second-moment decay: its memory of past gradient scales (~1 / (1 - beta2) steps)"));
  return o;
}

AlignmentOptions AlignmentOptions::from(const OptionValues& v) {
  AlignmentOptions o;
  const auto& m = v.values();
  auto has = [&](const char* n) { return m.count(n) > 0; };
  if (has("beta")) o.beta = v.get_real("beta");
  if (has("label_smoothing")) o.label_smoothing = v.get_real("label_smoothing");
  if (has("tau")) o.tau = v.get_real("tau");
  if (has("length_normalise")) o.length_normalise = v.get_bool("length_normalise");
  if (has("lambda_d")) o.lambda_d = v.get_real("lambda_d");
  if (has("lambda_u")) o.lambda_u = v.get_real("lambda_u");
  if (has("lambda_n")) o.lambda_n = v.get_real("lambda_n");
  if (has("epochs")) o.epochs = int(v.get_int("epochs"));
  if (has("batch_size")) o.batch_size = int(v.get_int("batch_size"));
  if (has("learning_rate")) o.learning_rate = v.get_real("learning_rate");
  if (has("optimizer")) o.optimizer = v.get_text("optimizer");
  if (has("adam_beta2")) o.adam_beta2 = v.get_real("adam_beta2");
  return o;
}

PreferenceAligner::PreferenceAligner(AlignmentMethod method, AlignmentOptions options) : method_(method), opt_(std::move(options)) {
  // The registry validates ranges; direct construction (tests, tools) is checked here too.
  const std::string n = method_name(method);
  auto bad = [&](const std::string& what) { throw OptionError(n + "." + what); };
  if (!(opt_.beta > 0)) bad("beta = " + std::to_string(opt_.beta) + ": out of range; allowed (0, 1000]");
  if (!(opt_.label_smoothing >= 0 && opt_.label_smoothing < 0.5))
    bad("label_smoothing = " + std::to_string(opt_.label_smoothing) + ": out of range; allowed [0, 0.5)");
  if (!(opt_.tau > 0)) bad("tau = " + std::to_string(opt_.tau) + ": out of range; allowed (0, 1e6]");
  if (!(opt_.lambda_d >= 0) || !(opt_.lambda_u >= 0) || !(opt_.lambda_n >= 0)) bad("lambda_d / lambda_u / lambda_n: must be >= 0");
  if (opt_.epochs < 1) bad("epochs = " + std::to_string(opt_.epochs) + ": out of range; allowed >= 1");
  if (opt_.batch_size < 1) bad("batch_size = " + std::to_string(opt_.batch_size) + ": out of range; allowed >= 1");
  if (!(opt_.learning_rate > 0)) bad("learning_rate = " + std::to_string(opt_.learning_rate) + ": out of range; allowed > 0");
  if (opt_.optimizer != "adam" && opt_.optimizer != "sgd") bad("optimizer = " + opt_.optimizer + ": allowed one of: adam, sgd");
  if (!(opt_.adam_beta2 >= 0 && opt_.adam_beta2 < 1)) bad("adam_beta2 = " + std::to_string(opt_.adam_beta2) + ": out of range; allowed [0, 1)");
}

const TitlePolicy& PreferenceAligner::policy() const {
  if (!policy_) throw std::logic_error(std::string(method_name(method_)) + ": policy() before fit()");
  return *policy_;
}

datasets::TokenSequences PreferenceAligner::generate(const datasets::TitlePrompts& prompts, const TitleSampling& sampling,
                                                     std::uint64_t seed) const {
  return policy().sample(prompts, sampling, seed);
}

void PreferenceAligner::fit(const AlignmentTrainView& train, TrainingLogger& log) {
  policy_.emplace(train.sft.clone());
  policy_->freeze(false);
  switch (method_) {
    case AlignmentMethod::Sft: log.progress(1.0); return;
    case AlignmentMethod::Dpo:
    case AlignmentMethod::Ipo:
    case AlignmentMethod::DpoPenalty: fit_pairs(train, log); return;
    case AlignmentMethod::Kto:
    case AlignmentMethod::Kton: fit_feedback(train, log); return;
  }
}

namespace {

std::unique_ptr<nn::Optimizer> make_optimizer(const TitlePolicy& p, const AlignmentOptions& o) {
  if (o.optimizer == "sgd") {
    nn::SGDOptions s;
    s.lr = o.learning_rate;
    return std::make_unique<nn::SGD>(p.named_parameters(), s);
  }
  nn::AdamOptions a;
  a.lr = o.learning_rate;
  a.beta2 = o.adam_beta2;
  return std::make_unique<nn::Adam>(p.named_parameters(), a);
}

// The frozen reference's log-probs of every completion (no gradient), computed in batches: the
// sequence sums and the final EOS terms.
struct FrozenLogProbs {
  std::vector<double> sequence, eos;
};
FrozenLogProbs frozen_log_probs(const TitlePolicy& ref, const datasets::TitlePrompts& prompts, const datasets::TokenSequences& y) {
  const nn::NoGradGuard no_grad;
  FrozenLogProbs out;
  constexpr std::size_t kBatch = 512;
  for (std::size_t b = 0; b < y.size(); b += kBatch) {
    std::vector<std::size_t> idx;
    for (std::size_t i = b; i < std::min(y.size(), b + kBatch); ++i) idx.push_back(i);
    const TokenLogProbs t = ref.token_log_probs(select_prompts(prompts, idx), select_sequences(y, idx));
    const auto v = t.sums().to_vector(), e = t.eos();
    out.sequence.insert(out.sequence.end(), v.begin(), v.end());
    out.eos.insert(out.eos.end(), e.begin(), e.end());
  }
  return out;
}

std::vector<double> pick_values(const std::vector<double>& v, const std::vector<std::size_t>& idx) {
  std::vector<double> out;
  for (std::size_t i : idx) out.push_back(v[i]);
  return out;
}

nn::Tensor as_tensor(const std::vector<double>& v, nn::DType dtype) {
  return nn::Tensor::from(nn::Shape{std::int64_t(v.size())}, v).to(dtype);
}

struct EpochStats {
  double loss = 0, batches = 0, chosen = 0, n_chosen = 0, rejected = 0, n_rejected = 0, correct = 0, samples = 0, z0 = 0;
  // Rejected / undesirable samples with log-ratio above 0 (where max(0, r) acts), beyond the float
  // noise of an unchanged policy: the reference log-probs come from batches of another size, so
  // before any update r is ~1e-7, not exactly 0.
  static constexpr double kPositiveBeyondNoise = 1e-4;
  double rejected_positive = 0;
  // The EOS term of the log-ratios: log pi(EOS | x, y) - log pi_ref(EOS | x, y) at each
  // completion's end (where a title stops), summed like chosen / rejected.
  double chosen_eos = 0, rejected_eos = 0;
  void add_chosen(double r, double r_eos) {
    chosen += r;
    chosen_eos += r_eos;
    n_chosen += 1;
  }
  void add_rejected(double r, double r_eos) {
    rejected += r;
    rejected_eos += r_eos;
    n_rejected += 1;
    rejected_positive += r > kPositiveBeyondNoise ? 1.0 : 0.0;
  }
  void report(TrainingLogger& log, int epoch, bool kto) const {
    log.log(epoch, "train_loss", loss / batches);
    const double c = n_chosen > 0 ? chosen / n_chosen : 0.0, r = n_rejected > 0 ? rejected / n_rejected : 0.0;
    log.log(epoch, "chosen_log_ratio", c);
    log.log(epoch, "rejected_log_ratio", r);
    log.log(epoch, "reward_margin", c - r);
    log.log(epoch, "reward_accuracy", correct / samples);
    log.log(epoch, "rejected_positive_share", n_rejected > 0 ? rejected_positive / n_rejected : 0.0);
    log.log(epoch, "chosen_eos_log_ratio", n_chosen > 0 ? chosen_eos / n_chosen : 0.0);
    log.log(epoch, "rejected_eos_log_ratio", n_rejected > 0 ? rejected_eos / n_rejected : 0.0);
    if (kto) log.log(epoch, "kto_z0", z0 / batches);
  }
  // The last batch's mean log-ratios (under the policy before that batch's update) as per-step
  // curves: a transient the epoch means average away -- both ratios rising early in the first
  // epoch -- shows there.
  void report_step(TrainingLogger& log, std::int64_t step, const EpochStats& before) const {
    if (n_chosen > before.n_chosen) {
      const double n = n_chosen - before.n_chosen;
      log.log_step(step, "chosen_log_ratio", (chosen - before.chosen) / n);
      log.log_step(step, "chosen_eos_log_ratio", (chosen_eos - before.chosen_eos) / n);
    }
    if (n_rejected > before.n_rejected) {
      const double n = n_rejected - before.n_rejected;
      log.log_step(step, "rejected_log_ratio", (rejected - before.rejected) / n);
      log.log_step(step, "rejected_positive_share", (rejected_positive - before.rejected_positive) / n);
      log.log_step(step, "rejected_eos_log_ratio", (rejected_eos - before.rejected_eos) / n);
    }
  }
};

}  // namespace

void PreferenceAligner::fit_pairs(const AlignmentTrainView& train, TrainingLogger& log) {
  const datasets::PreferencePairs& d = train.pairs;
  const std::string name = method_name(method_);
  if (d.size() == 0) throw std::invalid_argument(name + ": train.pairs is empty");
  if (d.rejected.size() != d.size() || d.prompts.size() != d.size())
    throw std::invalid_argument(name + ": train.pairs has " + std::to_string(d.prompts.size()) + " prompts, " +
                                std::to_string(d.chosen.size()) + " chosen and " + std::to_string(d.rejected.size()) + " rejected");
  TitlePolicy& pi = *policy_;
  try {
    pi.validate(d.prompts, &d.chosen);
    pi.validate(d.prompts, &d.rejected);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(name + ": train.pairs: " + e.what());
  }
  const FrozenLogProbs ref_w = frozen_log_probs(train.sft, d.prompts, d.chosen);
  const FrozenLogProbs ref_l = frozen_log_probs(train.sft, d.prompts, d.rejected);
  const std::unique_ptr<nn::Optimizer> optimizer = make_optimizer(pi, opt_);
  const std::size_t B = std::size_t(opt_.batch_size);
  std::int64_t step = 0;
  for (int epoch = 1; epoch <= opt_.epochs; ++epoch) {
    const std::vector<std::size_t> order = permutation(d.size(), train.seed, ("alignment/" + name + "/order").c_str(), std::uint64_t(epoch));
    EpochStats st;
    for (std::size_t b = 0; b < order.size(); b += B) {
      const EpochStats before = st;
      const std::vector<std::size_t> idx(order.begin() + std::ptrdiff_t(b), order.begin() + std::ptrdiff_t(std::min(order.size(), b + B)));
      const std::int64_t n = std::int64_t(idx.size());
      // Chosen and rejected in one forward pass: prompts twice, completions chosen then rejected.
      datasets::TitlePrompts prompts = select_prompts(d.prompts, idx);
      const datasets::TitlePrompts once = prompts;
      for (std::size_t i = 0; i < once.size(); ++i) prompts.push(once.industry[i], once.keywords.at(i));
      const datasets::TokenSequences yw = select_sequences(d.chosen, idx), yl = select_sequences(d.rejected, idx);
      datasets::TokenSequences both = yw;
      for (std::size_t i = 0; i < yl.size(); ++i) both.push(yl.at(i));
      optimizer->zero_grad();
      const TokenLogProbs tokens = pi.token_log_probs(prompts, both);
      const nn::Tensor lp = tokens.sums();
      PairLogProbs p{nn::slice(lp, 0, 0, n), nn::slice(lp, 0, n, n), as_tensor(pick_values(ref_w.sequence, idx), lp.dtype()),
                     as_tensor(pick_values(ref_l.sequence, idx), lp.dtype())};
      nn::Tensor loss;
      if (method_ == AlignmentMethod::Ipo) {
        loss = opt_.length_normalise ? ipo_loss(p, {opt_.tau}, TitlePolicy::token_counts(yw), TitlePolicy::token_counts(yl))
                                     : ipo_loss(p, {opt_.tau});
      } else {
        loss = dpo_loss(p, {opt_.beta, opt_.label_smoothing, method_ == AlignmentMethod::DpoPenalty ? opt_.lambda_n : 0.0});
      }
      loss.backward();
      optimizer->step();
      const std::vector<double> v = lp.to_vector(), eos = tokens.eos();
      for (std::size_t i = 0; i < std::size_t(n); ++i) {
        const std::size_t j = std::size_t(n) + i, k = idx[i];
        const double rw = v[i] - ref_w.sequence[k], rl = v[j] - ref_l.sequence[k];
        st.add_chosen(rw, eos[i] - ref_w.eos[k]);
        st.add_rejected(rl, eos[j] - ref_l.eos[k]);
        st.correct += rw > rl ? 1.0 : 0.0;
      }
      st.samples += double(n);
      st.loss += loss.item();
      st.batches += 1;
      st.report_step(log, ++step, before);
      log.progress(std::min(1.0, (double(epoch - 1) + double(b + B) / double(order.size())) / opt_.epochs));
    }
    st.report(log, epoch, false);
  }
}

void PreferenceAligner::fit_feedback(const AlignmentTrainView& train, TrainingLogger& log) {
  const datasets::UnpairedFeedback& d = train.feedback;
  const std::string name = method_name(method_);
  if (d.size() == 0) throw std::invalid_argument(name + ": train.feedback is empty");
  if (d.desirable.size() != d.size() || d.prompts.size() != d.size())
    throw std::invalid_argument(name + ": train.feedback has " + std::to_string(d.prompts.size()) + " prompts, " +
                                std::to_string(d.completions.size()) + " completions and " + std::to_string(d.desirable.size()) + " labels");
  TitlePolicy& pi = *policy_;
  try {
    pi.validate(d.prompts, &d.completions);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(name + ": train.feedback: " + e.what());
  }
  const FrozenLogProbs ref = frozen_log_probs(train.sft, d.prompts, d.completions);
  const std::unique_ptr<nn::Optimizer> optimizer = make_optimizer(pi, opt_);
  const KtoLossOptions ko{opt_.beta, opt_.lambda_d, opt_.lambda_u, method_ == AlignmentMethod::Kton ? opt_.lambda_n : 0.0};
  const std::size_t B = std::size_t(opt_.batch_size);
  std::int64_t step = 0;
  for (int epoch = 1; epoch <= opt_.epochs; ++epoch) {
    const std::vector<std::size_t> order = permutation(d.size(), train.seed, ("alignment/" + name + "/order").c_str(), std::uint64_t(epoch));
    EpochStats st;
    for (std::size_t b = 0; b < order.size(); b += B) {
      const EpochStats before = st;
      const std::vector<std::size_t> idx(order.begin() + std::ptrdiff_t(b), order.begin() + std::ptrdiff_t(std::min(order.size(), b + B)));
      const std::size_t n = idx.size();
      std::vector<std::size_t> rotated(n);  // sample i takes the completion of sample i - 1
      for (std::size_t i = 0; i < n; ++i) rotated[i] = idx[(i + n - 1) % n];
      const datasets::TitlePrompts prompts = select_prompts(d.prompts, idx);
      const datasets::TokenSequences y = select_sequences(d.completions, idx), y_mis = select_sequences(d.completions, rotated);
      std::vector<std::uint8_t> des;
      for (std::size_t i : idx) des.push_back(d.desirable[i]);
      nn::Tensor pol_mis, ref_mis;
      {
        const nn::NoGradGuard no_grad;
        pol_mis = pi.sequence_log_probs(prompts, y_mis);
        ref_mis = train.sft.sequence_log_probs(prompts, y_mis);
      }
      optimizer->zero_grad();
      const TokenLogProbs tokens = pi.token_log_probs(prompts, y);
      const nn::Tensor lp = tokens.sums();
      const UnpairedLogProbs u{lp, as_tensor(pick_values(ref.sequence, idx), lp.dtype()), pol_mis, ref_mis};
      const double z0 = kto_reference_point(u);
      const nn::Tensor loss = kto_loss(u, des, ko);
      loss.backward();
      optimizer->step();
      const std::vector<double> v = lp.to_vector(), eos = tokens.eos();
      for (std::size_t i = 0; i < n; ++i) {
        const double r = v[i] - ref.sequence[idx[i]], r_eos = eos[i] - ref.eos[idx[i]];
        if (des[i]) {
          st.add_chosen(r, r_eos);
          st.correct += r > z0 ? 1.0 : 0.0;
        } else {
          st.add_rejected(r, r_eos);
          st.correct += r < z0 ? 1.0 : 0.0;
        }
      }
      st.samples += double(n);
      st.z0 += z0;
      st.loss += loss.item();
      st.batches += 1;
      st.report_step(log, ++step, before);
      log.progress(std::min(1.0, (double(epoch - 1) + double(b + B) / double(order.size())) / opt_.epochs));
    }
    st.report(log, epoch, true);
  }
}

namespace {

AlgorithmInfo info(AlignmentMethod m, const char* summary) {
  return {method_name(m), Task::Alignment, summary, alignment_options(m),
          [m](const OptionValues& o) { return std::make_unique<PreferenceAligner>(m, AlignmentOptions::from(o)); }};
}

}  // namespace

AlgorithmInfo sft_policy_info() {
  return info(AlignmentMethod::Sft, "the SFT title policy unchanged (article 002 table 2, first row)");
}
AlgorithmInfo dpo_info() {
  return info(AlignmentMethod::Dpo, "DPO: -log sigmoid(beta (r_w - r_l)) on evaluator-labelled pairs, optional label smoothing");
}
AlgorithmInfo ipo_info() { return info(AlignmentMethod::Ipo, "IPO: ((r_w - r_l) - 1 / (2 tau))^2, optional length normalisation"); }
AlgorithmInfo kto_info() { return info(AlignmentMethod::Kto, "KTO: desirable / undesirable samples against the detached batch KL z0"); }
AlgorithmInfo kton_info() {
  return info(AlignmentMethod::Kton, "KTON (article 002): KTO + lambda_n max(0, r) over undesirable samples");
}
AlgorithmInfo dpo_penalty_info() {
  return info(AlignmentMethod::DpoPenalty, "DPO + lambda_n max(0, r_l): the KTON penalty on DPO (ablation)");
}

}  // namespace simrec::algorithms::alignment
