#include "nn/losses/candidate_sampler.hpp"

#include <cmath>

#include "nn/core/error.hpp"
#include "sim/random/philox.hpp"

namespace simrec::nn {

CandidateSampler::CandidateSampler(const std::vector<double>& weights) {
  const char* op = "CandidateSampler";
  const std::int64_t V = std::int64_t(weights.size());
  if (V == 0) fail(op, "empty vocabulary");
  double total = 0;
  for (std::int64_t j = 0; j < V; ++j) {
    if (!(weights[j] >= 0) || !std::isfinite(weights[j]))
      fail(op, "weight of id ", j, " is ", weights[j], " (must be finite and >= 0)");
    total += weights[j];
  }
  if (!(total > 0)) fail(op, "all ", V, " weights are zero");
  log_q_.resize(V);
  for (std::int64_t j = 0; j < V; ++j) log_q_[j] = std::log(weights[j] / total);

  // Vose's construction: scaled probabilities V * Q(j); pair each under-full bucket with an
  // over-full donor. Stacks are processed in a fixed order, so the table is deterministic.
  accept_.resize(V);
  alias_.resize(V);
  std::vector<double> scaled(V);
  std::vector<std::int64_t> small, large;
  for (std::int64_t j = 0; j < V; ++j) {
    scaled[j] = weights[j] / total * double(V);
    (scaled[j] < 1.0 ? small : large).push_back(j);
  }
  while (!small.empty() && !large.empty()) {
    const std::int64_t s = small.back(), l = large.back();
    small.pop_back();
    accept_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are full buckets up to rounding.
  for (std::int64_t j : large) accept_[j] = 1.0, alias_[j] = j;
  for (std::int64_t j : small) accept_[j] = 1.0, alias_[j] = j;
}

CandidateSampler CandidateSampler::unigram(const std::vector<double>& counts, double alpha) {
  if (!(alpha >= 0) || !std::isfinite(alpha))
    fail("CandidateSampler::unigram", "alpha must be finite and >= 0, got ", alpha);
  std::vector<double> w(counts.size());
  for (std::size_t j = 0; j < counts.size(); ++j) {
    if (!(counts[j] >= 0) || !std::isfinite(counts[j]))
      fail("CandidateSampler::unigram", "count of id ", j, " is ", counts[j],
           " (must be finite and >= 0)");
    w[j] = std::pow(counts[j], alpha);
  }
  return CandidateSampler(w);
}

CandidateSampler::Draw CandidateSampler::sample(std::int64_t S, std::uint64_t seed,
                                                std::uint64_t step) const {
  if (S < 0) fail("CandidateSampler::sample", "number of samples must be >= 0, got ", S);
  random::Rng rng(seed, "nn/candidate_sampler", step);
  Draw d;
  d.ids.resize(S);
  d.log_q.resize(S);
  const std::uint64_t V = accept_.size();
  for (std::int64_t s = 0; s < S; ++s) {
    const std::int64_t bucket = std::int64_t(rng.below(V));
    const std::int64_t id = rng.uniform() < accept_[bucket] ? bucket : alias_[bucket];
    d.ids[s] = id;
    d.log_q[s] = log_q_[id];
  }
  return d;
}

double CandidateSampler::log_q(std::int64_t id) const {
  if (id < 0 || id >= vocabulary())
    fail("CandidateSampler::log_q", "id ", id, " is outside the vocabulary [0, ", vocabulary(),
         ")");
  return log_q_[id];
}

std::vector<double> CandidateSampler::log_q(const std::vector<std::int64_t>& ids) const {
  std::vector<double> out(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) out[k] = log_q(ids[k]);
  return out;
}

}  // namespace simrec::nn
