#include "datasets/ad_samples.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "datasets/time_split.hpp"
#include "sim/config/knob.hpp"
#include "sim/ads/ad_generator.hpp"

namespace simrec::datasets {

const char* ad_field_kind_name(AdFieldKind k) {
  return k == AdFieldKind::User ? "user" : k == AdFieldKind::Ad ? "ad" : "context";
}

std::size_t AdSampleTable::field(const std::string& name) const {
  for (std::size_t f = 0; f < field_names.size(); ++f)
    if (field_names[f] == name) return f;
  std::string known;
  for (const auto& n : field_names) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("AdSampleTable: no field '" + name + "'; fields: " + known);
}

AdSampleTable AdSampleTable::select(const std::vector<std::size_t>& rows) const {
  AdSampleTable t;
  t.field_names = field_names;
  t.field_buckets = field_buckets;
  t.field_kind = field_kind;
  t.rows = rows.size();
  const std::size_t F = num_fields();
  t.categorical.reserve(rows.size() * F);
  for (std::size_t r : rows) {
    if (r >= this->rows) throw std::out_of_range("AdSampleTable::select: row " + std::to_string(r) + " of " + std::to_string(this->rows));
    t.categorical.insert(t.categorical.end(), categorical.begin() + std::ptrdiff_t(r * F), categorical.begin() + std::ptrdiff_t((r + 1) * F));
    t.click.push_back(click[r]);
    t.scenario.push_back(scenario[r]);
    t.user.push_back(user[r]);
    t.day.push_back(day[r]);
  }
  return t;
}

void AdSampleTable::validate() const {
  const std::size_t F = num_fields();
  if (field_buckets.size() != F || field_kind.size() != F)
    throw std::invalid_argument("AdSampleTable: field_names, field_buckets and field_kind differ in length");
  if (categorical.size() != rows * F || click.size() != rows || scenario.size() != rows || user.size() != rows || day.size() != rows)
    throw std::invalid_argument("AdSampleTable: a column does not have " + std::to_string(rows) + " rows");
  for (std::size_t i = 0; i < categorical.size(); ++i)
    if (categorical[i] >= field_buckets[i % F])
      throw std::invalid_argument("AdSampleTable: field " + field_names[i % F] + " of row " + std::to_string(i / F) + " is " +
                                  std::to_string(categorical[i]) + ", outside [0, " + std::to_string(field_buckets[i % F]) + ")");
}

std::vector<std::uint32_t> AdSamples::scenarios_by_traffic() const {
  std::vector<std::uint32_t> ids(num_scenarios);
  std::iota(ids.begin(), ids.end(), 0u);
  std::stable_sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) { return train_rows[a] > train_rows[b]; });
  return ids;
}

namespace {

// The three splits' raw events, routed by day while the log streams by.
class SplitSink final : public sim::ads::AdEventSink {
 public:
  explicit SplitSink(TimeSplit split) : split_(split) {}
  void consume(sim::UserId, std::span<const sim::ads::AdEvent> block) override {
    for (const auto& e : block) {
      const Split s = split_.of_time(e.time_seconds);
      if (s != Split::Outside) events[std::size_t(s)].push_back(e);
    }
  }
  std::vector<sim::ads::AdEvent> events[3];

 private:
  TimeSplit split_;
};

template <class Get>
Vocabulary<std::uint32_t> count_vocabulary(const std::vector<sim::ads::AdEvent>& train, std::size_t max_size, Get key) {
  std::unordered_map<std::uint32_t, std::uint64_t> counts;
  for (const auto& e : train) ++counts[key(e)];
  return Vocabulary<std::uint32_t>::build({counts.begin(), counts.end()}, max_size);
}

}  // namespace

std::array<std::uint32_t, 2> ad_interest_tags(const sim::ads::AdWorld& world, const sim::UserProfile& user, double noise) {
  const std::uint32_t n = world.taxonomy().num_subgenres();
  random::Rng rng(world.seed(), "ad_data/interest_tag", user.id);
  std::array<std::uint32_t, 2> tags = user.personal_subgenres_a;
  for (auto& tag : tags) {
    const double u = rng.uniform();                     // both draws always, so that a tag's noise
    const auto replacement = std::uint32_t(rng.below(n));  // does not depend on the other's outcome
    if (u < noise) tag = replacement;
  }
  return tags;
}

AdSamples make_ad_samples(const sim::ads::AdWorld& world, const AdSampleConfig& c) {
  if (c.train_days <= 0 || c.validation_days < 0 || c.test_days < 0)
    throw std::invalid_argument("make_ad_samples: train_days must be positive and validation_days, test_days non-negative");
  if (c.train_days + c.validation_days + c.test_days > std::int64_t(world.num_days()))
    throw std::invalid_argument("make_ad_samples: train + validation + test days = " +
                                std::to_string(c.train_days + c.validation_days + c.test_days) + " exceed the world's " +
                                std::to_string(world.num_days()) + " days");
  if (c.interest_tags != 0 && c.interest_tags != 1)
    throw std::invalid_argument("make_ad_samples: interest_tags = " + std::to_string(c.interest_tags) + " is out of range: allowed 0 or 1");
  if (!(c.interest_tag_noise >= 0 && c.interest_tag_noise <= 1))
    throw std::invalid_argument("make_ad_samples: interest_tag_noise = " + config::format_value(c.interest_tag_noise) +
                                " is out of range: allowed [0, 1]");
  const TimeSplit split{c.train_days, c.train_days + c.validation_days, c.train_days + c.validation_days + c.test_days};
  SplitSink sink(split);
  sim::ads::AdGenerationOptions gen;
  gen.first_user = c.first_user;
  gen.num_users = c.num_users;
  gen.num_threads = c.num_threads;
  sim::ads::generate_ad_events(world, &sink, gen);

  const auto& inv = world.inventory();
  const auto& cfg = world.config();
  AdSamples out;
  out.num_scenarios = world.scenarios().num_scenarios();
  out.user_vocabulary = count_vocabulary(sink.events[0], c.user_vocabulary, [](const auto& e) { return std::uint32_t(e.user_id); });
  out.ad_vocabulary = count_vocabulary(sink.events[0], c.ad_vocabulary, [](const auto& e) { return e.ad_id; });
  out.merchant_vocabulary = count_vocabulary(sink.events[0], c.merchant_vocabulary, [&](const auto& e) { return inv.ad_merchant[e.ad_id]; });

  using K = AdFieldKind;
  AdSampleTable schema;
  const auto add = [&](const char* name, std::size_t buckets, K kind) {
    schema.field_names.push_back(name);
    schema.field_buckets.push_back(std::uint32_t(buckets));
    schema.field_kind.push_back(kind);
  };
  add("user_id", out.user_vocabulary.num_buckets(), K::User);
  add("region", std::size_t(world.user_config().num_regions), K::User);
  add("age_bucket", sim::kNumAgeBuckets, K::User);
  add("gender", sim::kNumGenders, K::User);
  add("device", sim::kNumDevices, K::User);
  add("logged_in", 2, K::User);
  add("ad_id", out.ad_vocabulary.num_buckets(), K::Ad);
  add("merchant", out.merchant_vocabulary.num_buckets(), K::Ad);
  add("category", inv.num_categories(), K::Ad);
  add("channel", std::size_t(cfg.num_channels), K::Context);
  add("app", std::size_t(cfg.num_apps), K::Context);
  add("format", std::size_t(cfg.num_formats), K::Context);
  add("slot", std::size_t(cfg.num_time_slots), K::Context);
  add("hour_of_day", 24, K::Context);
  add("position", std::size_t(cfg.feed_positions), K::Context);
  const bool tags = c.interest_tags == 1;
  if (tags) {
    add("interest_tag_1", world.taxonomy().num_subgenres(), K::User);
    add("interest_tag_2", world.taxonomy().num_subgenres(), K::User);
  }
  // Per user id seen in the log: its two tags (the profile is regenerated once per user).
  std::unordered_map<std::uint32_t, std::array<std::uint32_t, 2>> user_tags;
  if (tags) {
    sim::UserProfile profile;
    for (const auto& events : sink.events)
      for (const auto& e : events) {
        const auto id = std::uint32_t(e.user_id);
        if (user_tags.count(id)) continue;
        world.user(e.user_id, profile);
        user_tags.emplace(id, ad_interest_tags(world, profile, c.interest_tag_noise));
      }
  }

  AdSampleTable* tables[3] = {&out.train, &out.validation, &out.test};
  std::vector<std::uint64_t>* rows[3] = {&out.train_rows, &out.validation_rows, &out.test_rows};
  std::vector<std::uint64_t>* clicks[3] = {&out.train_clicks, &out.validation_clicks, &out.test_clicks};
  for (int s = 0; s < 3; ++s) {
    AdSampleTable& t = *tables[s];
    t = schema;
    rows[s]->assign(out.num_scenarios, 0);
    clicks[s]->assign(out.num_scenarios, 0);
    const auto& events = sink.events[s];
    t.rows = events.size();
    t.categorical.reserve(events.size() * t.num_fields());
    for (const auto& e : events) {
      const auto ctx = world.scenarios().context(e.scenario_id);
      const std::uint32_t values[] = {out.user_vocabulary.index(std::uint32_t(e.user_id)),
                                      e.region,
                                      e.age_bucket,
                                      e.gender,
                                      e.device,
                                      e.logged_in,
                                      out.ad_vocabulary.index(e.ad_id),
                                      out.merchant_vocabulary.index(inv.ad_merchant[e.ad_id]),
                                      inv.ad_category[e.ad_id],
                                      ctx.channel,
                                      ctx.app,
                                      std::uint32_t(ctx.format),
                                      ctx.slot,
                                      e.hour_of_day,
                                      std::uint32_t(e.position - 1)};
      t.categorical.insert(t.categorical.end(), std::begin(values), std::end(values));
      if (tags) {
        const auto& ut = user_tags.at(std::uint32_t(e.user_id));
        t.categorical.insert(t.categorical.end(), ut.begin(), ut.end());
      }
      t.click.push_back(float(e.click));
      t.scenario.push_back(e.scenario_id);
      t.user.push_back(std::uint32_t(e.user_id));
      t.day.push_back(std::uint16_t(e.day()));
      ++(*rows[s])[e.scenario_id];
      (*clicks[s])[e.scenario_id] += e.click;
    }
    t.validate();
  }
  return out;
}

}  // namespace simrec::datasets
