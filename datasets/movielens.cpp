#include "datasets/movielens.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "sim/random/philox.hpp"

namespace simrec::datasets {

MovieLensProtocol parse_movielens_protocol(const std::string& name) {
  if (name == "leave_last_out") return MovieLensProtocol::LeaveLastOut;
  if (name == "random_80_10_10") return MovieLensProtocol::Random80_10_10;
  throw std::invalid_argument("protocol '" + name + "': allowed leave_last_out, random_80_10_10");
}

const char* movielens_protocol_name(MovieLensProtocol p) {
  return p == MovieLensProtocol::LeaveLastOut ? "leave_last_out" : "random_80_10_10";
}

namespace {

// Splits on "::" or tab into exactly four fields.
bool split_fields(const std::string& line, std::string fields[4]) {
  const bool colons = line.find("::") != std::string::npos;
  std::size_t start = 0;
  for (int f = 0; f < 4; ++f) {
    const std::size_t end = f == 3 ? std::string::npos : (colons ? line.find("::", start) : line.find('\t', start));
    if (f < 3 && end == std::string::npos) return false;
    fields[f] = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? end : end + (colons ? 2 : 1);
  }
  return fields[3].find(colons ? "::" : "\t") == std::string::npos;
}

bool parse_u64(const std::string& s, std::uint64_t max, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + std::uint64_t(c - '0');
  }
  return out <= max;
}

}  // namespace

std::vector<Rating> read_movielens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the MovieLens rating file");
  std::vector<Rating> out;
  std::string line, fields[4];
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::uint64_t user = 0, item = 0, ts = 0;
    char* end = nullptr;
    const bool ok = split_fields(line, fields) && parse_u64(fields[0], 0xffffffffu, user) && parse_u64(fields[1], 0xffffffffu, item) &&
                    parse_u64(fields[3], std::uint64_t(1) << 62, ts);
    const double rating = ok ? std::strtod(fields[2].c_str(), &end) : 0.0;
    if (!ok || fields[2].empty() || *end != '\0')
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected 'user<TAB>item<TAB>rating<TAB>timestamp' (u.data) or " +
                               "'user::item::rating::timestamp' (ratings.dat), got '" + line + "'");
    out.push_back({std::uint32_t(user), std::uint32_t(item), float(rating), std::int64_t(ts)});
  }
  if (out.empty()) throw std::runtime_error(path + ": no ratings in the file");
  return out;
}

namespace {

struct Interaction {
  std::int64_t time;
  std::uint32_t item;
};

// One retrieval row with raw item ids (mapped to the vocabulary at the end).
void add_row(RetrievalSamples& t, std::uint32_t user, const Interaction& label, const std::vector<std::uint32_t>& history,
             std::size_t max_history, float example_age_days) {
  t.user_id.push_back(user);
  t.label.push_back(label.item);
  t.label_video.push_back(label.item);
  t.user_group.push_back(0);
  t.age_bucket.push_back(0);
  t.gender.push_back(0);
  t.device.push_back(0);
  t.logged_in.push_back(0);
  t.region.push_back(0);
  t.age_real.push_back(0.0f);
  t.example_age_days.push_back(example_age_days);
  t.time_seconds.push_back(double(label.time));
  for (std::size_t i = history.size() > max_history ? history.size() - max_history : 0; i < history.size(); ++i) t.history.push_back(history[i]);
  t.history_offsets.push_back(t.history.size());
  t.search_offsets.push_back(0);
}

}  // namespace

VideoDatasets build_movielens_datasets(const std::vector<Rating>& ratings, const DatasetConfig& config, MovieLensProtocol protocol,
                                       std::uint64_t seed) {
  VideoDatasets ds;
  ds.seed = seed;
  ds.data_config_text = config.to_text() + "source = movielens\nprotocol = " + movielens_protocol_name(protocol) + "\n";
  ds.data_config_hash = config::text_hash(ds.data_config_text);
  // Per user, interactions in time order (stable: file order breaks ties).
  std::vector<std::size_t> order(ratings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ratings[a].user < ratings[b].user || (ratings[a].user == ratings[b].user && ratings[a].timestamp < ratings[b].timestamp);
  });
  std::uint64_t hash = 0;
  for (std::size_t i : order) hash = random::mix64(hash ^ random::mix64((std::uint64_t(ratings[i].user) << 32) ^ ratings[i].item) ^ std::uint64_t(ratings[i].timestamp));
  ds.event_stream_hash = hash;
  struct UserSplit {
    std::uint32_t user;
    std::vector<Interaction> all;
    std::vector<int> split;  // 0 train, 1 validation, 2 test, per interaction
  };
  std::vector<UserSplit> users;
  for (std::size_t g = 0; g < order.size();) {
    UserSplit u{ratings[order[g]].user, {}, {}};
    for (; g < order.size() && ratings[order[g]].user == u.user; ++g) u.all.push_back({ratings[order[g]].timestamp, ratings[order[g]].item});
    u.split.assign(u.all.size(), 0);
    if (protocol == MovieLensProtocol::LeaveLastOut) {
      if (u.all.size() >= 2) u.split.back() = 2;
      if (config.validation_days > 0 && u.all.size() >= 3) u.split[u.all.size() - 2] = 1;
    } else {
      random::Rng rng(seed, "datasets/movielens_split", u.user);
      for (int& s : u.split) {
        const double x = rng.uniform();
        s = x < 0.8 ? 0 : x < 0.9 ? 1 : 2;
      }
    }
    std::size_t train = 0;
    for (int s : u.split) train += s == 0;
    if (config.filter_min_user_interactions && train < std::size_t(config.min_user_interactions)) continue;
    users.push_back(std::move(u));
  }
  double t_max = 0;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> counts;
  {
    std::vector<std::uint32_t> items;
    for (const auto& u : users)
      for (std::size_t i = 0; i < u.all.size(); ++i)
        if (u.split[i] == 0) {
          items.push_back(u.all[i].item);
          t_max = std::max(t_max, double(u.all[i].time));
        }
    std::sort(items.begin(), items.end());
    for (std::size_t i = 0; i < items.size();) {
      std::size_t j = i;
      while (j < items.size() && items[j] == items[i]) ++j;
      counts.push_back({items[i], std::uint64_t(j - i)});
      i = j;
    }
  }
  ds.t_max_seconds = t_max;
  ds.video_vocab = Vocabulary<std::uint32_t>::build(std::move(counts), std::size_t(config.video_vocab_size));
  const std::size_t max_history = std::size_t(config.max_history);
  std::vector<std::uint32_t> history;
  std::vector<std::size_t> train_idx;
  for (const auto& u : users) {
    train_idx.clear();
    for (std::size_t i = 0; i < u.all.size(); ++i)
      if (u.split[i] == 0) train_idx.push_back(i);
    // Training labels: a fixed number per user, drawn without replacement, kept in time order.
    random::Rng rng(seed, "datasets/retrieval_train", u.user);
    std::vector<std::size_t> picked = train_idx;
    const std::size_t k = std::min(picked.size(), std::size_t(config.retrieval_samples_per_user));
    for (std::size_t i = 0; i < k; ++i) std::swap(picked[i], picked[i + rng.below(picked.size() - i)]);
    picked.resize(k);
    std::sort(picked.begin(), picked.end());
    for (std::size_t label : picked) {
      history.clear();
      for (std::size_t i : train_idx)
        if (config.mode() == LabelMode::RandomHoldout ? i != label : i < label) history.push_back(u.all[i].item);
      add_row(ds.retrieval_train, u.user, u.all[label], history, max_history, float((t_max - double(u.all[label].time)) / 86400.0));
    }
    // Validation / test: the first held-out interaction of the split.
    for (int split = 1; split <= 2; ++split) {
      const auto it = std::find(u.split.begin(), u.split.end(), split);
      if (it == u.split.end()) continue;
      const std::size_t label = std::size_t(it - u.split.begin());
      history.clear();
      for (std::size_t i = 0; i < u.all.size(); ++i)
        if (protocol == MovieLensProtocol::LeaveLastOut ? i < label : u.split[i] == 0) history.push_back(u.all[i].item);
      add_row(split == 1 ? ds.retrieval_validation : ds.retrieval_test, u.user, u.all[label], history, max_history, 0.0f);
    }
  }
  for (RetrievalSamples* t : {&ds.retrieval_train, &ds.retrieval_validation, &ds.retrieval_test}) {
    for (auto& id : t->label) id = ds.video_vocab.index(id);
    for (auto& id : t->history) id = ds.video_vocab.index(id);
  }
  return ds;
}

}  // namespace simrec::datasets
