#pragma once
// Preference losses of article 002 (SPEC §6 alignment), built from engine ops so autograd gives the
// gradients. Inputs are per-sample sequence log-probabilities [N] (TitlePolicy::sequence_log_probs)
// of the trained policy pi and of the frozen reference pi_ref; the log-ratio of a completion is
//
//   r(x, y) = log pi(y | x) - log pi_ref(y | x)          (summed over completion tokens + EOS)
//
// Every loss returns the MEAN over the N samples of the batch (a 0-D tensor): for KTO / KTON the
// mean runs over desirable and undesirable samples together (TRL's concatenation then mean).
//
// DPO (Rafailov et al. 2023), with Delta = r(x, y_w) - r(x, y_l) and label smoothing eps in [0, 0.5)
// (conservative DPO; eps = 0 is plain DPO):
//   l = -(1 - eps) log sigmoid(beta Delta) - eps log sigmoid(-beta Delta)
//   DPO + penalty (ablation): l + lambda_N max(0, r(x, y_l))
// IPO (Azar et al. 2023):
//   l = (Delta - 1 / (2 tau))^2
//   with length normalisation, every log-prob is divided by its token count (n + 1) first, i.e.
//   r(x, y) -> r(x, y) / (n_y + 1).
// KTO (Ethayarajh et al. 2024): z0 = max(0, mean_i r(x_i, y_{i-1})) — each prompt paired with the
// previous sample's completion (rotation by one within the batch; sample 0 takes the last one),
// detached (no gradient flows through z0):
//   desirable:   lambda_D (1 - sigmoid(beta (r(x, y) - z0)))
//   undesirable: lambda_U (1 - sigmoid(beta (z0 - r(x, y))))
// KTON (the article's variant, as this project defines it): KTO plus, over undesirable samples,
//   lambda_N max(0, r(x, y_u))
// zero while the undesirable completion's log-ratio is negative (its probability fell below the
// reference), a penalty with gradient lambda_N d r / d theta once it rises. max(0, .) is relu: its
// derivative at exactly 0 is taken as 0.
//
// Known answers (tests): DPO with zero log-ratios = ln 2; DPO beta = 0.1, (pi chosen, pi rejected,
// ref chosen, ref rejected) = (-1, -3, -1.2, -2.8) -> 0.673347; IPO tau = 0.1, Delta = 0 -> 25.

#include <cstdint>
#include <vector>

#include "nn/nn.hpp"

namespace simrec::algorithms::alignment {

// Log-probs of a batch of preference pairs, each [N].
struct PairLogProbs {
  nn::Tensor policy_chosen, policy_rejected, reference_chosen, reference_rejected;
};

struct DpoLossOptions {
  double beta = 0.1;             // > 0
  double label_smoothing = 0.0;  // eps in [0, 0.5)
  double lambda_n = 0.0;         // >= 0; > 0 adds the rejected log-ratio penalty (ablation)
};
nn::Tensor dpo_loss(const PairLogProbs& lp, const DpoLossOptions& options);

struct IpoLossOptions {
  double tau = 0.1;  // > 0
};
// chosen_tokens / rejected_tokens: per-sample token counts (n + 1) for length normalisation, or
// both empty for summed log-probs.
nn::Tensor ipo_loss(const PairLogProbs& lp, const IpoLossOptions& options, const std::vector<double>& chosen_tokens = {},
                    const std::vector<double>& rejected_tokens = {});

// Log-probs of a batch of unpaired samples, each [N]: matched (x_i, y_i) and mismatched
// (x_i, y_{i-1}) pairs under the policy and the reference.
struct UnpairedLogProbs {
  nn::Tensor policy, reference;                        // r(x_i, y_i) terms
  nn::Tensor policy_mismatched, reference_mismatched;  // r(x_i, y_{i-1}) terms (detached inside)
};

struct KtoLossOptions {
  double beta = 0.1;      // > 0
  double lambda_d = 1.0;  // >= 0, desirable weight
  double lambda_u = 1.0;  // >= 0, undesirable weight
  double lambda_n = 0.0;  // >= 0; > 0 is KTON
};
// desirable[i] = 1 desirable, 0 undesirable.
nn::Tensor kto_loss(const UnpairedLogProbs& lp, const std::vector<std::uint8_t>& desirable, const KtoLossOptions& options);
// z0 of a batch (the detached reference point), for logging.
double kto_reference_point(const UnpairedLogProbs& lp);

}  // namespace simrec::algorithms::alignment
