#pragma once
// Shared by compare / gate / report: reading run files with errors that name the file, and the
// common "bad input -> message, exit 2" handling.

#include <iostream>
#include <string>
#include <vector>

#include "results/input_error.hpp"
#include "results/store/hdf5_io.hpp"
#include "results/store/run_file.hpp"

namespace simrec::app {

// Splits "a,b,c" (empty items dropped).
inline std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char ch : text + ",") {
    if (ch == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (ch != ' ') {
      item += ch;
    }
  }
  return out;
}

// Reads every file; StoreError (unreadable, not HDF5, truncated, wrong schema) propagates with
// the file named in its message.
inline std::vector<results::Run> read_runs(const std::vector<std::string>& paths) {
  std::vector<results::Run> runs;
  for (const auto& p : paths) runs.push_back(results::read_run(p));
  return runs;
}

// Runs `body`; StoreError and InputError become "simrec <command>: <message>" and exit code 2.
template <class Body>
int with_input_errors(const char* command, Body&& body) {
  try {
    return body();
  } catch (const results::StoreError& e) {
    std::cerr << "simrec " << command << ": " << e.what() << "\n";
  } catch (const results::InputError& e) {
    std::cerr << "simrec " << command << ": " << e.what() << "\n";
  }
  return 2;
}

}  // namespace simrec::app
