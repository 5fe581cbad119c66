#pragma once
// Top-K retrieval metrics over ranked recommendation lists with binary relevance.
//
// For one user with ranked list r_1..r_n (n >= K is not required; missing positions miss) and
// relevant set R (|R| > 0):
//   hits@K      = |{k <= K : r_k in R}|
//   recall@K    = hits@K / |R|
//   precision@K = hits@K / K
//   hit_rate@K  = [hits@K > 0]
//   AP@K        = (1 / min(|R|, K)) sum_{k <= K, r_k in R} hits@k / k
//   NDCG@K      = DCG@K / IDCG@K,  DCG@K = sum_{k <= K, r_k in R} 1 / log2(k + 1),
//                 IDCG@K = sum_{k=1..min(|R|,K)} 1 / log2(k + 1)
// The *_mean functions average over users; users with an empty relevant set are skipped (and
// counted in the returned `users`). MAP@K is the mean of AP@K (the YouTube article's holdout MAP).

#include <cstdint>
#include <span>
#include <vector>

namespace simrec::metrics {

struct TopKScores {
  double recall = 0, precision = 0, hit_rate = 0, map = 0, ndcg = 0;
  std::int64_t users = 0;  // users evaluated (with a non-empty relevant set)
};

// One user. `relevant` need not be sorted; duplicates in `ranked` count once (first position).
TopKScores topk_one(std::span<const std::int64_t> ranked, std::span<const std::int64_t> relevant,
                    int k);

// Many users, lists given CSR-style: user u's ranked list is ranked[ranked_offsets[u] ..
// ranked_offsets[u + 1]) and its relevant set relevant[relevant_offsets[u] .. ).
TopKScores topk_mean(std::span<const std::int64_t> ranked,
                     std::span<const std::int64_t> ranked_offsets,
                     std::span<const std::int64_t> relevant,
                     std::span<const std::int64_t> relevant_offsets, int k);

}  // namespace simrec::metrics
