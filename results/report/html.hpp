#pragma once
// Small HTML building blocks for the report: escaping, tables, and the page frame with its
// inline stylesheet. The page references nothing outside itself (no http(s) URL, no src/href to
// a file, no web font): it can be mailed, archived or opened offline.

#include <string>
#include <vector>

namespace simrec::results::report {

// & < > " ' escaped.
std::string escape(const std::string& text);

// A table; cells are escaped text unless added with add_raw_row. Numeric-looking columns are
// right-aligned by the class "num" given per column.
class HtmlTable {
 public:
  explicit HtmlTable(std::vector<std::string> header, std::vector<bool> numeric = {});
  void add_row(const std::vector<std::string>& cells);
  void add_raw_row(const std::vector<std::string>& html_cells);
  std::string render(const std::string& css_class = "") const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;  // already HTML
};

// <!DOCTYPE html> ... <body> with the stylesheet, and the closing tags.
std::string page_begin(const std::string& title);
std::string page_end();

// A slug usable as an element id ("recall@10" -> "recall-10").
std::string slug(const std::string& text);

}  // namespace simrec::results::report
