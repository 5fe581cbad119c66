#pragma once
// Draws the shared negatives of sampled softmax from a fixed distribution Q over the vocabulary,
// and reports log Q for the log-Q correction (SPEC §6, YouTube candidate generation).
//
//   unigram(counts, alpha):  Q(j) = counts_j^alpha / sum_k counts_k^alpha
//     alpha = 1: unigram; alpha = 0.75: word2vec's smoothing; alpha = 0: uniform (0^0 = 1, so
//     every id, seen or not). With alpha > 0 an id of count 0 is never drawn and has log Q = -inf.
//   CandidateSampler(weights): Q(j) = weights_j / sum_k weights_k
//
// Draws are with replacement (a frequent id may appear several times; each copy is one column of
// the sampled softmax, which is what the log-Q importance-sampling estimator assumes). Sampling
// uses Walker's alias table (O(1) per draw) and the counter-based RNG: the ids of call `step` are
// the sequential draws of Rng(stream_key(seed, "nn/candidate_sampler"), step), so they depend
// only on (seed, step, Q).

#include <cstdint>
#include <vector>

namespace simrec::nn {

class CandidateSampler {
 public:
  struct Draw {
    std::vector<std::int64_t> ids;  // [S]
    std::vector<double> log_q;      // [S], log Q(ids[s])
  };

  // weights: non-negative, finite, not all zero (throws naming the offending id otherwise).
  explicit CandidateSampler(const std::vector<double>& weights);
  static CandidateSampler unigram(const std::vector<double>& counts, double alpha);

  Draw sample(std::int64_t S, std::uint64_t seed, std::uint64_t step) const;

  std::int64_t vocabulary() const { return std::int64_t(log_q_.size()); }
  double log_q(std::int64_t id) const;                                    // throws if out of range
  std::vector<double> log_q(const std::vector<std::int64_t>& ids) const;  // e.g. of the labels

 private:
  std::vector<double> accept_;       // alias table: keep bucket j with probability accept_[j]
  std::vector<std::int64_t> alias_;  // ... otherwise take alias_[j]
  std::vector<double> log_q_;
};

}  // namespace simrec::nn
