// Daily series from a CSV file (datasets/inventory_csv.hpp): series keys become categorical ids,
// the calendar comes from the dates (and the optional holiday column), and bad files are rejected
// naming file:line. Each test writes its own small file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "datasets/inventory_csv.hpp"
#include <stdlib.h>

using namespace simrec;
using Catch::Matchers::Contains;

namespace {

std::string make_dir() {
  std::string t = (std::filesystem::temp_directory_path() / "simrec_csv_XXXXXX").string();
  REQUIRE(mkdtemp(t.data()) != nullptr);
  return t;
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    datasets::read_inventory_csv(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("inventory csv: keys, values and calendar of a small file", "[forecast][csv]") {
  const std::string dir = make_dir();
  // 2024-04-30 is a Tuesday; May 1-3 a long holiday; 2024-05-04 a Saturday.
  std::string text = "# a comment\ndate,city,level,value,holiday\n";
  const char* dates[] = {"2024-04-30", "2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"};
  const char* types[] = {"workday", "long_holiday", "long_holiday", "long_holiday", "weekend", "weekend"};
  for (int d = 0; d < 6; ++d) {
    text += std::string(dates[d]) + ",,," + std::to_string(1000 + d) + "," + types[d] + "\n";
    text += std::string(dates[d]) + ",shanghai,*," + std::to_string(300 + d) + "," + types[d] + "\n";
    text += std::string(dates[d]) + ",beijing,gold," + std::to_string(20 + d) + "," + types[d] + "\n";
  }
  const auto s = datasets::read_inventory_csv(write_file(dir, "a.csv", text));
  REQUIRE(s.num_series == 3);
  CHECK(s.num_days == 6);
  CHECK(s.names == std::vector<std::string>{"all", "city=beijing,level=gold", "city=shanghai"});
  CHECK(s.dim_sizes[0] == 2);
  CHECK(s.dim_sizes[1] == 1);
  CHECK(s.dim_sizes[2] == 0);
  CHECK(s.cross_ids[1] == std::array<std::int64_t, 4>{1, 1, 0, 0});
  CHECK(s.cross_ids[2] == std::array<std::int64_t, 4>{2, 0, 0, 0});
  CHECK(s.num_fixed_dims(0) == 0);
  CHECK(s.series(0)[5] == 1005);
  CHECK(s.series(1)[0] == 20);
  CHECK(s.weekday == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6});
  CHECK(s.holiday_type == std::vector<std::uint8_t>{0, 3, 3, 3, 1, 1});
  CHECK(s.days_to_holiday == std::vector<std::int16_t>{1, 0, 0, 0, 14, 14});
  CHECK(s.days_after_holiday == std::vector<std::int16_t>{14, 0, 0, 0, 1, 2});
  // Without a holiday column: weekends from the weekday, no holidays.
  const auto w = datasets::read_inventory_csv(write_file(dir, "b.csv", "date,value\n2024-05-03,1\n2024-05-04,2\n2024-05-05,3\n"));
  CHECK(w.names == std::vector<std::string>{"all"});
  CHECK(w.holiday_type == std::vector<std::uint8_t>{0, 1, 1});
  std::filesystem::remove_all(dir);
}

TEST_CASE("inventory csv: bad files are rejected naming file and line", "[forecast][csv][errors]") {
  const std::string dir = make_dir();
  const auto bad = [&](const std::string& text) { return error_of(write_file(dir, "bad.csv", text)); };
  const std::string p = dir + "/bad.csv";
  CHECK_THAT(bad("day,value\n2024-01-01,3\n"), Contains(p + ":1: bad header"));
  CHECK_THAT(bad("date,a,b,c,d,e,value\n"), Contains(p + ":1: bad header"));
  CHECK_THAT(bad("date,value\n2024-01-01,3\n2024-02-30,4\n"), Contains(p + ":3: bad date '2024-02-30'"));
  CHECK_THAT(bad("date,value\n2024-01-01,-3\n"), Contains(p + ":2: bad value '-3'"));
  CHECK_THAT(bad("date,value\n2024-01-01,3x\n"), Contains(p + ":2: bad value '3x'"));
  CHECK_THAT(bad("date,k,value\n2024-01-01,3\n"), Contains(p + ":2: 2 fields, the header has 3"));
  CHECK_THAT(bad("date,value,holiday\n2024-01-01,3,party\n"), Contains(p + ":2: unknown holiday type 'party'"));
  CHECK_THAT(bad("date,k,value,holiday\n2024-01-01,a,3,festival\n2024-01-01,b,3,workday\n"),
             Contains(p + ":3: holiday type 'workday' disagrees with line 2"));
  CHECK_THAT(bad("date,k,value\n2024-01-01,a,3\n\n2024-01-01,a,4\n"), Contains(p + ":4: a second row for series 'k=a'"));
  CHECK_THAT(bad("date,k,value\n2024-01-01,a,3\n2024-01-03,a,4\n"), Contains(p + ": series 'k=a' has no row for day 1"));
  CHECK_THAT(bad("date,value\n"), Contains(p + ": no data rows"));
  CHECK_THAT(error_of(dir + "/absent.csv"), Contains(dir + "/absent.csv: cannot open"));
  std::filesystem::remove_all(dir);
}
