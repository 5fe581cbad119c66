#pragma once
// An aligned plain-text table for terminal output that pastes cleanly into notes:
//
//   metric  variant   n  mean ± std
//   ------  -------  --  ---------------
//   auc     depth0    3  0.7123 ± 0.0041
//
// Columns are separated by two spaces; widths count UTF-8 code points (so "±" and "Δ" align);
// each column is left- or right-aligned; trailing spaces are trimmed.

#include <string>
#include <vector>

namespace simrec::results {

class TextTable {
 public:
  // `align`: one character per column, 'l' or 'r'.
  TextTable(std::vector<std::string> header, std::string align);
  void add_row(std::vector<std::string> cells);  // must have one cell per column
  void add_blank_row();
  bool empty() const { return rows_.empty(); }
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::string align_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of a UTF-8 string (code points).
std::size_t display_width(const std::string& s);

}  // namespace simrec::results
