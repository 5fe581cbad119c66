#pragma once
// Alignment methods of article 002 table 2 (SPEC §6, §7 align-table), as AlignmentAlgorithms:
//
//   sft          the SFT policy itself, unchanged (the table's first row)
//   dpo          DPO on train.pairs (label_smoothing > 0: conservative DPO)
//   ipo          IPO on train.pairs (length_normalise: per-token log-probs)
//   kto          KTO on train.feedback
//   kton         KTO + lambda_n max(0, r(x, y_u)) over undesirable samples (the article's variant)
//   dpo_penalty  DPO + lambda_n max(0, r(x, y_l)) (ablation: the KTON penalty on DPO)
// Loss formulas: algorithms/alignment/preference_losses.hpp.
//
// fit: the trained policy starts as a clone of train.sft; the reference pi_ref is train.sft itself,
// only ever evaluated under nn::NoGradGuard (so it is frozen without a second copy). The
// reference's log-probs of every training completion are computed once before training (it never
// changes; TRL's precompute_ref_log_probs). Each epoch visits the samples in a
// random order (Philox stream "alignment/<name>/order", entity = epoch) in batches of batch_size,
// one optimizer step per batch. KTO's mismatched pairs (x_i, y_{i-1}) are formed within each
// batch; their policy and reference log-probs are computed without gradient (z0 is detached).
//
// Logged per epoch (means over the epoch's samples; for KTO / KTON "chosen" = desirable and
// "rejected" = undesirable samples):
//   train_loss           mean batch loss
//   chosen_log_ratio     mean r(x, y_w)   (summed log-probs, also for IPO with length_normalise)
//   rejected_log_ratio   mean r(x, y_l)
//   reward_margin        chosen_log_ratio - rejected_log_ratio
//   reward_accuracy      pairs: fraction with r_w > r_l; KTO: fraction on the right side of z0
//   rejected_positive_share  share of rejected / undesirable samples with r > 1e-4 (under the
//                        policy before their batch's update; 1e-4 nats is above the float noise
//                        of batching): the samples the KTON / DPO + penalty term max(0, r) acts
//                        on -- a negative mean can hide a positive tail
//   chosen_eos_log_ratio / rejected_eos_log_ratio
//                        the EOS term of r alone: log pi(EOS | x, y) - log pi_ref(EOS | x, y) at the
//                        completion's end. Below 0, the policy stops less often where these titles
//                        stop: how a loss on whole sequences moves the length of what it writes
//   kto_z0               (KTO / KTON) mean over batches of z0
// Per optimizer step (TrainingLogger::log_step, curves "<name>_per_step"): the step's batch means
// of chosen_log_ratio, rejected_log_ratio, rejected_positive_share and the two EOS log-ratios.
// The article's failure — chosen and rejected log-ratios both rising, the margin still growing —
// shows as rejected_log_ratio > 0 and increasing.
//
// generate() samples from the trained policy (TitlePolicy::sample).

#include <memory>
#include <optional>
#include <string>

#include "algorithms/alignment/title_policy.hpp"
#include "algorithms/registry.hpp"

namespace simrec::algorithms::alignment {

enum class AlignmentMethod { Sft, Dpo, Ipo, Kto, Kton, DpoPenalty };
const char* method_name(AlignmentMethod m);

struct AlignmentOptions {
  double beta = 0.1;
  double label_smoothing = 0.0;
  double tau = 0.1;
  bool length_normalise = false;
  double lambda_d = 1.0, lambda_u = 1.0, lambda_n = 1.0;
  int epochs = 3;
  int batch_size = 32;
  double learning_rate = 1e-4;
  std::string optimizer = "adam";  // adam | sgd
  double adam_beta2 = 0.999;
  static AlignmentOptions from(const OptionValues& v);
};

// The option specs of a method (what its registry entry declares).
std::vector<OptionSpec> alignment_options(AlignmentMethod m);

class PreferenceAligner : public AlignmentAlgorithm {
 public:
  PreferenceAligner(AlignmentMethod method, AlignmentOptions options);
  void fit(const AlignmentTrainView& train, TrainingLogger& log) override;
  datasets::TokenSequences generate(const datasets::TitlePrompts& prompts, const TitleSampling& sampling,
                                    std::uint64_t seed) const override;
  // The trained policy (throws before fit).
  const TitlePolicy& policy() const;

 private:
  void fit_pairs(const AlignmentTrainView& train, TrainingLogger& log);
  void fit_feedback(const AlignmentTrainView& train, TrainingLogger& log);
  AlignmentMethod method_;
  AlignmentOptions opt_;
  std::optional<TitlePolicy> policy_;
};

AlgorithmInfo sft_policy_info();
AlgorithmInfo dpo_info();
AlgorithmInfo ipo_info();
AlgorithmInfo kto_info();
AlgorithmInfo kton_info();
AlgorithmInfo dpo_penalty_info();

}  // namespace simrec::algorithms::alignment
