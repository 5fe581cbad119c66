#include "datasets/inventory_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace simrec::datasets {

namespace {

constexpr std::int64_t kHorizon = 14;

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = line.find(',', start);
    std::string f = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t a = f.find_first_not_of(" \t"), b = f.find_last_not_of(" \t");
    out.push_back(a == std::string::npos ? "" : f.substr(a, b - a + 1));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// Days since 1970-01-01 of a valid YYYY-MM-DD; false otherwise.
bool parse_date(const std::string& s, std::int64_t& days) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (std::from_chars(s.data(), s.data() + 4, y).ptr != s.data() + 4 || std::from_chars(s.data() + 5, s.data() + 7, m).ptr != s.data() + 7 ||
      std::from_chars(s.data() + 8, s.data() + 10, d).ptr != s.data() + 10)
    return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] + (m == 2 && leap)) return false;
  // Civil-from-days inverse (Howard Hinnant's public-domain algorithm, written out here).
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  days = std::int64_t(era) * 146097 + doe - 719468;
  return true;
}

}  // namespace

InventorySeries read_inventory_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the series file");
  const auto fail = [&](std::size_t line, const std::string& why) {
    throw std::runtime_error(path + ":" + std::to_string(line) + ": " + why);
  };
  std::string line;
  std::size_t number = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[line.find_first_not_of(" \t")] == '#') continue;
    header = split_commas(line);
    break;
  }
  if (header.empty()) throw std::runtime_error(path + ": no header line (expected date,KEY1..KEYn,value[,holiday])");
  const auto value_it = std::find(header.begin(), header.end(), "value");
  const std::size_t value_col = std::size_t(value_it - header.begin());
  const bool has_holiday = header.back() == "holiday";
  const std::size_t num_keys = value_col - 1;
  if (header[0] != "date" || value_it == header.end() || value_col + 1 + (has_holiday ? 1 : 0) != header.size() || num_keys > 4)
    fail(number, "bad header: expected date,KEY1,...,KEYn,value[,holiday] with 0 to 4 key columns");

  struct Row {
    std::vector<std::string> keys;
    std::int64_t date;
    double value;
    std::size_t line;
  };
  std::vector<Row> rows;
  std::map<std::int64_t, std::pair<int, std::size_t>> holiday_of;  // date -> (type, line)
  static const std::vector<std::string> kTypes = {"workday", "weekend", "festival", "long_holiday"};
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::vector<std::string> f = split_commas(line);
    if (f.size() != header.size())
      fail(number, std::to_string(f.size()) + " fields, the header has " + std::to_string(header.size()));
    Row r;
    r.line = number;
    if (!parse_date(f[0], r.date)) fail(number, "bad date '" + f[0] + "': expected YYYY-MM-DD");
    for (std::size_t k = 0; k < num_keys; ++k) r.keys.push_back(f[1 + k] == "*" ? "" : f[1 + k]);
    const std::string& v = f[value_col];
    char* end = nullptr;
    r.value = std::strtod(v.c_str(), &end);
    if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(r.value) || r.value < 0)
      fail(number, "bad value '" + v + "': expected a number >= 0");
    if (has_holiday) {
      const auto t = std::find(kTypes.begin(), kTypes.end(), f.back());
      if (t == kTypes.end()) fail(number, "unknown holiday type '" + f.back() + "': allowed workday, weekend, festival, long_holiday");
      const int type = int(t - kTypes.begin());
      const auto [it, fresh] = holiday_of.emplace(r.date, std::make_pair(type, number));
      if (!fresh && it->second.first != type)
        fail(number, "holiday type '" + f.back() + "' disagrees with line " + std::to_string(it->second.second) + " of the same date");
    }
    rows.push_back(std::move(r));
  }
  if (rows.empty()) throw std::runtime_error(path + ": no data rows");

  std::int64_t first_day = rows[0].date, last_day = rows[0].date;
  for (const Row& r : rows) first_day = std::min(first_day, r.date), last_day = std::max(last_day, r.date);
  const std::size_t T = std::size_t(last_day - first_day + 1);
  // Key vocabularies and series.
  std::vector<std::set<std::string>> vocab(num_keys);
  for (const Row& r : rows)
    for (std::size_t k = 0; k < num_keys; ++k)
      if (!r.keys[k].empty()) vocab[k].insert(r.keys[k]);
  std::map<std::vector<std::string>, std::size_t> series_of;
  for (const Row& r : rows) series_of.emplace(r.keys, 0);
  InventorySeries s;
  s.num_series = series_of.size();
  s.num_days = T;
  s.holiday_horizon = kHorizon;
  for (std::size_t k = 0; k < num_keys; ++k) s.dim_sizes[k] = std::int64_t(vocab[k].size());
  std::size_t index = 0;
  for (auto& [keys, idx] : series_of) {  // "all" (every key empty) sorts first
    idx = index++;
    std::array<std::int64_t, kCrossDims> ids{};
    std::string name;
    for (std::size_t k = 0; k < num_keys; ++k) {
      if (keys[k].empty()) continue;
      ids[k] = std::int64_t(std::distance(vocab[k].begin(), vocab[k].find(keys[k]))) + 1;
      name += (name.empty() ? "" : ",") + header[1 + k] + "=" + keys[k];
    }
    s.cross_ids.push_back(ids);
    s.names.push_back(name.empty() ? "all" : name);
  }
  s.values.assign(s.num_series * T, -1.0f);
  for (const Row& r : rows) {
    float& cell = s.values[series_of[r.keys] * T + std::size_t(r.date - first_day)];
    if (cell >= 0) fail(r.line, "a second row for series '" + s.names[series_of[r.keys]] + "' on " + std::to_string(r.date - first_day) + " days after the first date");
    cell = float(r.value);
  }
  for (std::size_t i = 0; i < s.values.size(); ++i)
    if (s.values[i] < 0)
      throw std::runtime_error(path + ": series '" + s.names[i / T] + "' has no row for day " + std::to_string(i % T) +
                               " after the first date (every series needs every date from the first to the last)");
  // Calendar.
  std::vector<bool> holiday(T);
  for (std::size_t t = 0; t < T; ++t) {
    const std::int64_t day = first_day + std::int64_t(t);
    const int weekday = int(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday (0 = Monday)
    s.weekday.push_back(std::uint8_t(weekday));
    int type = weekday >= 5 ? 1 : 0;
    if (has_holiday) {
      const auto it = holiday_of.find(day);
      if (it != holiday_of.end()) type = it->second.first;
    }
    s.holiday_type.push_back(std::uint8_t(type));
    holiday[t] = type >= 2;
  }
  s.days_to_holiday.assign(T, std::int16_t(kHorizon));
  s.days_after_holiday.assign(T, std::int16_t(kHorizon));
  for (std::size_t t = 0, last = std::size_t(-1); t < T; ++t) {
    if (holiday[t]) last = t;
    if (last != std::size_t(-1)) s.days_after_holiday[t] = std::int16_t(std::min<std::size_t>(t - last, kHorizon));
  }
  for (std::size_t i = T, next = std::size_t(-1); i-- > 0;) {
    if (holiday[i]) next = i;
    if (next != std::size_t(-1)) s.days_to_holiday[i] = std::int16_t(std::min<std::size_t>(next - i, kHorizon));
  }
  s.validate();
  return s;
}

}  // namespace simrec::datasets
