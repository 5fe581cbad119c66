#pragma once
// Counts -> shares of their total (unchanged when the total is 0).

#include <vector>

namespace simrec::algorithms {

inline std::vector<double> to_shares(std::vector<double> counts) {
  double total = 0;
  for (double c : counts) total += c;
  if (total > 0)
    for (double& c : counts) c /= total;
  return counts;
}

}  // namespace simrec::algorithms
