#include "results/report/html.hpp"

#include <cctype>

namespace simrec::results::report {

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch)) out += char(std::tolower(ch));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

HtmlTable::HtmlTable(std::vector<std::string> header, std::vector<bool> numeric)
    : header_(std::move(header)), numeric_(std::move(numeric)) {
  numeric_.resize(header_.size(), false);
}

void HtmlTable::add_row(const std::vector<std::string>& cells) {
  std::vector<std::string> html;
  for (const auto& c : cells) html.push_back(escape(c));
  rows_.push_back(html);
}

void HtmlTable::add_raw_row(const std::vector<std::string>& html_cells) { rows_.push_back(html_cells); }

std::string HtmlTable::render(const std::string& css_class) const {
  // Wrapped so that a table wider than the page (long grid-point names) scrolls by itself
  // instead of widening the whole page.
  std::string s = css_class.empty() ? "<div class=\"tablewrap\"><table>\n<thead><tr>"
                                    : "<div class=\"tablewrap\"><table class=\"" + css_class + "\">\n<thead><tr>";
  for (std::size_t c = 0; c < header_.size(); ++c)
    s += std::string(numeric_[c] ? "<th class=\"num\">" : "<th>") + escape(header_[c]) + "</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows_) {
    s += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c)
      s += std::string(c < numeric_.size() && numeric_[c] ? "<td class=\"num\">" : "<td>") + row[c] + "</td>";
    s += "</tr>\n";
  }
  return s + "</tbody>\n</table></div>\n";
}

std::string page_begin(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escape(title) + "</title>\n<style>\n"
         "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; color: #222;\n"
         "       margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; line-height: 1.4; }\n"
         "h1 { font-size: 1.6em; margin: 0.4em 0 0.1em; }\n"
         "h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 2px solid #4e79a7; padding-bottom: 3px; }\n"
         "h3 { font-size: 1.1em; margin-top: 1.4em; color: #333; }\n"
         ".sub { color: #666; margin-top: 0; }\n"
         "nav { background: #f4f6f9; border: 1px solid #e1e5ea; border-radius: 6px; padding: 6px 12px; margin: 12px 0; }\n"
         "nav a { margin-right: 14px; color: #2a5d8f; text-decoration: none; }\n"
         ".tablewrap { overflow-x: auto; max-width: 100%; }\n"
         "table { border-collapse: collapse; margin: 8px 0 14px; font-size: 0.88em; }\n"
         "th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; text-align: left; vertical-align: top; }\n"
         "th { background: #f4f6f9; border-bottom: 2px solid #ccd3db; }\n"
         "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
         "table.provenance td { max-width: 420px; overflow-wrap: anywhere; }\n"
         "tr.sig td { background: #eef6ee; }\n"
         ".plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 14px; }\n"
         "figure.plot { margin: 0; border: 1px solid #e1e5ea; border-radius: 6px; padding: 4px; background: #fff; }\n"
         "figure.plot svg { width: 100%; height: auto; display: block; }\n"
         "figure.plot figcaption { font-size: 0.8em; color: #666; padding: 2px 6px; }\n"
         ".note { background: #fff8e5; border-left: 4px solid #edc948; padding: 6px 10px; margin: 8px 0; }\n"
         ".fail { color: #b3261e; font-weight: 600; }\n"
         "pre { background: #f7f7f7; border: 1px solid #e3e3e3; padding: 8px; overflow-x: auto; font-size: 0.85em; }\n"
         "footer { margin-top: 3em; color: #777; font-size: 0.85em; }\n"
         "</style>\n</head>\n<body>\n";
}

std::string page_end() { return "</body>\n</html>\n"; }

}  // namespace simrec::results::report
