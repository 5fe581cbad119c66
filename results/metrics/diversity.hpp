#pragma once
// Diversity of generated token sequences (alignment, SPEC §6 metrics; Li et al. 2016 "distinct-n").
//
//   distinct_n(seqs, n) = |set of n-grams over all sequences| / (number of n-grams over all
//                         sequences), n-grams taken within a sequence (none cross a boundary;
//                         a sequence shorter than n contributes none). 0 when there are none.
//
// 1 means every n-gram is new; a policy that collapses to a few titles drives it toward 0.
// Sequences are CSR: sequence i = tokens[offsets[i] .. offsets[i + 1]).

#include <cstddef>
#include <cstdint>
#include <span>

namespace simrec::metrics {

double distinct_n(std::span<const std::uint32_t> tokens, std::span<const std::size_t> offsets, int n);

}  // namespace simrec::metrics
