#include "algorithms/youtube_dnn/features.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace simrec::algorithms::youtube_dnn {

namespace {
const char* const kGroups[4] = {"watches", "searches", "example_age", "demographics"};

FeatureSet from_bits(unsigned bits) { return FeatureSet{bool(bits & 1), bool(bits & 2), bool(bits & 4), bool(bits & 8)}; }
}  // namespace

std::string FeatureSet::name() const {
  const bool on[4] = {watches, searches, example_age, demographics};
  std::string s;
  for (int g = 0; g < 4; ++g)
    if (on[g]) s += (s.empty() ? "" : "+") + std::string(kGroups[g]);
  return s;
}

std::vector<std::string> FeatureSet::all_names() {
  std::vector<std::pair<int, std::string>> sets;  // by group count, then by bits
  for (unsigned bits = 1; bits < 16; ++bits) sets.emplace_back(__builtin_popcount(bits) * 16 + bits, from_bits(bits).name());
  std::sort(sets.begin(), sets.end());
  std::vector<std::string> names;
  for (const auto& s : sets) names.push_back(s.second);
  return names;
}

FeatureSet FeatureSet::parse(const std::string& text) {
  for (unsigned bits = 1; bits < 16; ++bits)
    if (from_bits(bits).name() == text) return from_bits(bits);
  throw std::invalid_argument("features = '" + text +
                              "': expected a '+'-joined subset of watches, searches, example_age, demographics in that order");
}

int real_inputs(const FeatureSet& f) { return (f.demographics ? kDemographicReals : 0) + (f.example_age ? kExampleAgeReals : 0); }

InputBatch make_batch(const datasets::RetrievalSamples& s, const std::vector<std::size_t>& rows, const FeatureSet& f,
                      const BatchLimits& limits, double serving_age_days) {
  InputBatch b;
  b.size = rows.size();
  const int reals = real_inputs(f);
  std::vector<float> real_values;
  real_values.reserve(rows.size() * std::size_t(reals));
  for (std::size_t r : rows) {
    if (f.watches) {
      const auto h = s.history_of(r);
      for (std::size_t i = h.size() > limits.max_watches ? h.size() - limits.max_watches : 0; i < h.size(); ++i) b.watch_ids.push_back(h[i]);
      b.watch_offsets.push_back(std::int64_t(b.watch_ids.size()));
    }
    if (f.searches) {
      const auto t = s.search_tokens_of(r);
      for (std::size_t i = t.size() > limits.max_search_tokens ? t.size() - limits.max_search_tokens : 0; i < t.size(); ++i)
        b.token_ids.push_back(t[i]);
      b.token_offsets.push_back(std::int64_t(b.token_ids.size()));
    }
    if (f.demographics) {
      b.region.push_back(s.region[r]);
      b.device.push_back(s.device[r]);
      real_values.push_back(float(s.gender[r]));
      real_values.push_back(float(s.logged_in[r]));
      real_values.push_back(s.age_real[r]);
    }
    if (f.example_age) {
      const double days = serving_age_days >= 0 ? serving_age_days : double(s.example_age_days[r]);
      const double x = std::clamp(days / limits.example_age_scale_days, 0.0, 1.0);
      real_values.push_back(float(x));
      real_values.push_back(float(x * x));
      real_values.push_back(float(std::sqrt(x)));
    }
  }
  if (reals > 0) b.reals = nn::Tensor::from({std::int64_t(rows.size()), reals}, real_values);
  return b;
}

}  // namespace simrec::algorithms::youtube_dnn
