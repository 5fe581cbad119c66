#pragma once
// Daily series from a CSV file (issue 8 item 5, "real data"): the forecasters run on it unchanged,
// selected in a scenario with
//   [data] source = csv:/path/to/series.csv
//
// Format (comma-separated, one header line, '#' lines and blank lines skipped):
//   date,KEY1,...,KEYn,value[,holiday]
//   2023-09-28,shanghai,gold,1234
//   2023-09-28,,,98765
// - date: YYYY-MM-DD (the weekday is computed from it);
// - KEY1..KEYn: 0 to 4 categorical columns, any names (the targeting dimensions, in order); an
//   empty cell or '*' means the series does not fix that column (the empty key on every column is
//   the "all" series); each column's distinct values get ids 1.. in sorted order (0 = any);
// - value: the column named "value", a number >= 0 (requests that day);
// - holiday (optional last column): workday, weekend, festival or long_holiday, the same on every
//   row of a date; without it Saturdays and Sundays are weekends and every other day a workday.
//   Days to / after the nearest holiday (festival or long_holiday) are computed from it, capped
//   at 14.
// Every series must have exactly one row for every date from the file's first to its last date.
// Rejected, naming file:line: a bad header, a wrong number of fields, a bad date or value, an
// unknown holiday type, a holiday type that disagrees with an earlier row of its date, a duplicate
// (series, date) row; naming the file: no data rows, a series missing a date.

#include <string>

#include "datasets/inventory_series.hpp"

namespace simrec::datasets {

InventorySeries read_inventory_csv(const std::string& path);

}  // namespace simrec::datasets
