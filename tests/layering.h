// The one-way rule between the top-level folders (README, "Layout"):
//   app -> testbench -> systemc -> sw, and bench beside app.
// A file may include from its own layer or a lower one, never from a higher one; sw/
// has no clock, so it includes no SystemC or Verilator header either. A quoted include
// is resolved as the compiler would: next to the including file first, then under each
// folder's include root; a name found under two roots is reported as ambiguous.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rebnet::layering {

struct Violation {
  std::filesystem::path file;  // relative to the root
  int line = 0;
  std::string include;
  std::string why;
};

// Every violation under `root` (a checkout: sw/, systemc/, testbench/, app/, bench/).
std::vector<Violation> find_violations(const std::filesystem::path& root);

std::string to_string(const Violation& v);

}  // namespace rebnet::layering
