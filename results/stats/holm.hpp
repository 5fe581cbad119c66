#pragma once
// Holm's step-down adjustment of a family of p-values (Holm 1979): with the m finite p-values
// sorted ascending p_(1) <= ... <= p_(m), the adjusted p_(i) = max over j <= i of
// min(1, (m - j + 1) p_(j)). Rejecting where the adjusted p < alpha keeps the family-wise error
// rate at alpha under any dependence between the tests. NaN entries (tests that could not run)
// stay NaN and do not count in m. Returned in the input's order.

#include <vector>

namespace simrec::stats {

std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace simrec::stats
