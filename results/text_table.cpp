#include "results/text_table.hpp"

#include <algorithm>
#include <stdexcept>

namespace simrec::results {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count bytes that start a code point
  return n;
}

TextTable::TextTable(std::vector<std::string> header, std::string align)
    : header_(std::move(header)), align_(std::move(align)) {
  if (align_.size() != header_.size()) throw std::logic_error("TextTable: one alignment character per column");
}

void TextTable::add_row(std::vector<std::string> cells) {
  if (cells.size() != header_.size()) throw std::logic_error("TextTable: row has the wrong number of cells");
  rows_.push_back(std::move(cells));
}

void TextTable::add_blank_row() { rows_.emplace_back(); }

std::string TextTable::render() const {
  std::vector<std::size_t> width(header_.size());
  for (std::size_t c = 0; c < header_.size(); ++c) width[c] = display_width(header_[c]);
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));

  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string pad(width[c] - display_width(cells[c]), ' ');
      if (c > 0) line += "  ";
      line += align_[c] == 'r' ? pad + cells[c] : cells[c] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header_);
  std::vector<std::string> rule(header_.size());
  for (std::size_t c = 0; c < header_.size(); ++c) rule[c] = std::string(width[c], '-');
  emit(rule);
  for (const auto& row : rows_) {
    if (row.empty()) out += "\n";
    else emit(row);
  }
  return out;
}

}  // namespace simrec::results
