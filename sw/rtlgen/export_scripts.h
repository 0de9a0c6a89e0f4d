// The tool-facing files of a `rebnet export-rtl` directory DIR (docs/board.md, "Export
// layout"): the file list, the yosys and Vivado scripts, the constraints and README.md.
// Every path they hold is relative to DIR, and every tool runs with DIR as its working
// directory (vivado.tcl makes it so itself), because the $readmemh paths in the
// generated package (mem/<instance>_*.mem) are resolved against the working directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plan/network_plan.h"

namespace rebnet::rtlgen {

struct Board;

// What an export holds, as paths relative to DIR.
struct ExportLayout {
  std::vector<std::filesystem::path> network_sources;  // compile order, packages first
  std::vector<std::filesystem::path> top_sources;      // the board top's, after the network's
  std::filesystem::path wrapper;                       // the Verilog-2001 top
  std::filesystem::path lint_waivers;
  std::vector<std::filesystem::path> memory_images;
};

// Texts of the files; `header` is the comment line without its comment characters.
std::string file_list_text(const ExportLayout& layout, const std::string& header);
std::string yosys_script(const ExportLayout& layout, const std::string& header,
                         const Board& board);
std::string constraints_xdc(const std::string& header, const Board& board, double clock_mhz);
std::string vivado_script(const ExportLayout& layout, const std::string& header,
                          const Board& board, double clock_mhz);
std::string readme_md(const ExportLayout& layout, const NetworkPlan& plan,
                      const std::string& header, const Board& board, double clock_mhz);

}  // namespace rebnet::rtlgen
