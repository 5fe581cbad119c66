#pragma once
// The factorization baselines (SPEC §6): implicit-feedback matrix factorisation of the training
// watch matrix, scored by dot product — the predecessor the YouTube candidate generator is
// compared with (a depth-0 network behaves like it).
//   wals   weighted ALS with confidence c = 1 + alpha r (als_solver.hpp); queries are folded in
//          from their own watch history by the same closed-form solve (fold_in = true) or use the
//          trained user row
//   bpr    Bayesian personalised ranking by SGD over (user, watched, unwatched) triples
#include "algorithms/registry.hpp"

namespace simrec::algorithms::factorization {

AlgorithmInfo wals_info();
AlgorithmInfo bpr_info();

}  // namespace simrec::algorithms::factorization
