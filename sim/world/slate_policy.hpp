#pragma once
// Serving policies for feed pages. The simulator asks a SlatePolicy for a slate whenever a user
// opens a feed page; the default is the LoggingPolicy that produced the ranking logs, and the
// online simulation plugs in any trained candidate generator / ranker instead (SPEC §3, online
// simulation).
//
// A policy sees only observable data: the user's id, demographics and activity group, and the
// user's history so far (UserState: watches, searches, counters) -- never the hidden profile.
// recommend() is called concurrently from several threads for different users, so it must be
// thread-safe (const, no shared mutable state); its randomness must come from the Rng it is
// handed (stream policy/page, indexed by user and page), which keeps runs reproducible.
//
// LoggingPolicy (the "previous production system"): draws policy_candidates candidates, half by
// global attention of the day and half from the sub-genres of the user's last policy_history
// watches (all by attention when there is no history), scores each by
//   s(v) = policy_personalisation x <h, v*>,  h = normalised mean v* of those recent watches,
// and samples the slate by Plackett-Luce with temperature T (sequentially, the same law as
// Gumbel-top-k on s / T). The recorded
// propensity of position k is exp(s_k / T) / sum over candidates not yet placed of exp(s / T):
// the probability of that choice given the candidate set and the items above it.

#include <cstdint>
#include <vector>

#include "sim/random/philox.hpp"
#include "sim/world/types.hpp"
#include "sim/world/user_state.hpp"
#include "sim/world/users.hpp"

namespace simrec::sim {

class World;

struct ObservedUser {
  UserId id = 0;
  Demographics demo;
  ActivityGroup group = ActivityGroup::Low;
};

struct SlateRequest {
  const ObservedUser& user;
  const UserState& history;
  double time_seconds;
  std::uint32_t day;
  std::uint32_t slate_size;
};

struct SlateItem {
  VideoId video;
  float propensity;  // probability the policy placed this item here (1 for a deterministic policy)
};

class SlatePolicy {
 public:
  virtual ~SlatePolicy() = default;
  // Up to request.slate_size distinct videos, best first.
  virtual void recommend(const SlateRequest& request, random::Rng& rng, std::vector<SlateItem>& out) const = 0;
};

class LoggingPolicy final : public SlatePolicy {
 public:
  explicit LoggingPolicy(const World& world) : world_(&world) {}
  void recommend(const SlateRequest& request, random::Rng& rng, std::vector<SlateItem>& out) const override;

 private:
  const World* world_;
};

}  // namespace simrec::sim
