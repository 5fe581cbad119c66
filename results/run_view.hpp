#pragma once
// Read-only queries over loaded runs shared by compare, gate and report: variant order, metric
// names, the values of one (variant, metric) over seeds, and seed pairing between two sources.
//
// Variant order: the order of the "[variant.NAME]" sections in the run's /config when every
// variant of the run is found there (the scenario author's order, usually baseline first), else
// alphabetical (the store's order).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "results/store/run_types.hpp"

namespace simrec::results {

struct VariantOrder {
  std::vector<std::string> names;
  bool from_config = false;  // false: alphabetical
};
VariantOrder variant_order(const Run& run);

// Every metric name any unit of the runs reports (ok or not), sorted.
std::vector<std::string> metric_names(const std::vector<const Run*>& runs);

// seed -> value of `metric` for the ok units of `variant` that report it.
std::map<std::int64_t, double> metric_by_seed(const Run& run, const std::string& variant, const std::string& metric);
// seed -> timing.fit_seconds of the ok units of `variant`.
std::map<std::int64_t, double> fit_seconds_by_seed(const Run& run, const std::string& variant);

// Values of the seeds present in both maps, in seed order.
struct Paired {
  std::vector<std::int64_t> seeds;
  std::vector<double> a, b;
};
Paired pair_by_seed(const std::map<std::int64_t, double>& a, const std::map<std::int64_t, double>& b);

// Values of a map in seed order.
std::vector<double> values_of(const std::map<std::int64_t, double>& m);

bool has_variant(const Run& run, const std::string& variant);
// "1,2,3"
std::string seed_list(const std::vector<std::int64_t>& seeds);
// "a, b, c"
std::string name_list(const std::vector<std::string>& names);
std::vector<std::int64_t> seeds_of(const Run& run);

}  // namespace simrec::results
