#include "algorithms/alignment/preference_losses.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace simrec::algorithms::alignment {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

std::int64_t batch_size(const std::vector<const nn::Tensor*>& ts, const char* loss) {
  const std::int64_t n = ts[0]->defined() && ts[0]->rank() == 1 ? ts[0]->dim(0) : -1;
  for (const nn::Tensor* t : ts)
    require(t->defined() && t->rank() == 1 && t->dim(0) == n && n > 0,
            std::string(loss) + ": every log-prob tensor must be [N] with the same N > 0");
  return n;
}

nn::Tensor constant_like(const std::vector<double>& v, const nn::Tensor& like) {
  return nn::Tensor::from(nn::Shape{std::int64_t(v.size())}, v).to(like.dtype());
}

}  // namespace

nn::Tensor dpo_loss(const PairLogProbs& lp, const DpoLossOptions& o) {
  require(o.beta > 0 && std::isfinite(o.beta), "dpo_loss: beta = " + std::to_string(o.beta) + " must be > 0");
  require(o.label_smoothing >= 0 && o.label_smoothing < 0.5,
          "dpo_loss: label_smoothing = " + std::to_string(o.label_smoothing) + " must be in [0, 0.5)");
  require(o.lambda_n >= 0, "dpo_loss: lambda_n = " + std::to_string(o.lambda_n) + " must be >= 0");
  batch_size({&lp.policy_chosen, &lp.policy_rejected, &lp.reference_chosen, &lp.reference_rejected}, "dpo_loss");
  const nn::Tensor r_w = lp.policy_chosen - lp.reference_chosen;
  const nn::Tensor r_l = lp.policy_rejected - lp.reference_rejected;
  const nn::Tensor z = (r_w - r_l) * o.beta;
  nn::Tensor per = -nn::log_sigmoid(z) * (1.0 - o.label_smoothing);
  if (o.label_smoothing > 0) per = per - nn::log_sigmoid(-z) * o.label_smoothing;
  if (o.lambda_n > 0) per = per + nn::relu(r_l) * o.lambda_n;
  return nn::mean_all(per);
}

nn::Tensor ipo_loss(const PairLogProbs& lp, const IpoLossOptions& o, const std::vector<double>& chosen_tokens,
                    const std::vector<double>& rejected_tokens) {
  require(o.tau > 0 && std::isfinite(o.tau), "ipo_loss: tau = " + std::to_string(o.tau) + " must be > 0");
  const std::int64_t n =
      batch_size({&lp.policy_chosen, &lp.policy_rejected, &lp.reference_chosen, &lp.reference_rejected}, "ipo_loss");
  nn::Tensor r_w = lp.policy_chosen - lp.reference_chosen;
  nn::Tensor r_l = lp.policy_rejected - lp.reference_rejected;
  if (!chosen_tokens.empty() || !rejected_tokens.empty()) {
    require(std::int64_t(chosen_tokens.size()) == n && std::int64_t(rejected_tokens.size()) == n,
            "ipo_loss: length normalisation needs one token count per chosen and per rejected completion");
    r_w = r_w / constant_like(chosen_tokens, r_w);
    r_l = r_l / constant_like(rejected_tokens, r_l);
  }
  const nn::Tensor d = (r_w - r_l) - 1.0 / (2.0 * o.tau);
  return nn::mean_all(d * d);
}

double kto_reference_point(const UnpairedLogProbs& lp) {
  const std::vector<double> p = lp.policy_mismatched.to_vector(), q = lp.reference_mismatched.to_vector();
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += p[i] - q[i];
  return p.empty() ? 0.0 : std::max(0.0, s / double(p.size()));
}

nn::Tensor kto_loss(const UnpairedLogProbs& lp, const std::vector<std::uint8_t>& desirable, const KtoLossOptions& o) {
  require(o.beta > 0 && std::isfinite(o.beta), "kto_loss: beta = " + std::to_string(o.beta) + " must be > 0");
  require(o.lambda_d >= 0, "kto_loss: lambda_d = " + std::to_string(o.lambda_d) + " must be >= 0");
  require(o.lambda_u >= 0, "kto_loss: lambda_u = " + std::to_string(o.lambda_u) + " must be >= 0");
  require(o.lambda_n >= 0, "kto_loss: lambda_n = " + std::to_string(o.lambda_n) + " must be >= 0");
  const std::int64_t n =
      batch_size({&lp.policy, &lp.reference, &lp.policy_mismatched, &lp.reference_mismatched}, "kto_loss");
  require(std::int64_t(desirable.size()) == n, "kto_loss: one desirable flag per sample needed");
  const double z0 = kto_reference_point(lp);  // a plain number: detached by construction
  std::vector<double> wd(static_cast<std::size_t>(n)), wu(wd), wn(wd);
  for (std::size_t i = 0; i < desirable.size(); ++i) {
    wd[i] = desirable[i] ? o.lambda_d : 0.0;
    wu[i] = desirable[i] ? 0.0 : o.lambda_u;
    wn[i] = desirable[i] ? 0.0 : o.lambda_n;
  }
  const nn::Tensor r = lp.policy - lp.reference;
  const nn::Tensor des = 1.0 - nn::sigmoid((r - z0) * o.beta);
  const nn::Tensor und = 1.0 - nn::sigmoid((r - z0) * -o.beta);
  nn::Tensor per = des * constant_like(wd, r) + und * constant_like(wu, r);
  if (o.lambda_n > 0) per = per + nn::relu(r) * constant_like(wn, r);
  return nn::mean_all(per);
}

}  // namespace simrec::algorithms::alignment
