// The SystemVerilog twin of rebnet_network (systemc/rebnet_network.cpp): from the
// same NetworkPlan, `rebnet export-rtl` writes a generated top with the same
// instance names, stream names and parameters, so waveforms and lockstep
// co-simulation line up signal by signal (docs/microarchitecture.md, "Network").
//
// Files written into the output directory DIR (docs/board.md, "Export layout"), each
// generated one headed "generated from <model file> and <folding file> by rebnet
// export-rtl - do not edit". DIR is self-contained: every path in it is relative to
// DIR, and tools run with DIR as their working directory (export_scripts.h).
//   rebnet_network_pkg.sv   per-stage parameters as localparams (<Stage><Param>);
//                           memory images by the relative paths mem/...
//   rebnet_network.sv       module rebnet_network: the stages u_pixel_encoder ..
//                           u_label_select and the streams <stream>_valid/_ready/_data
//                           between them, each /*verilator public_flat_rd*/
//   mem/<instance>_weights.mem, _thresholds_lane000.mem .. (one per encoder lane;
//                           ThresholdFile is the base mem/<instance>_thresholds) /
//                           _scores.mem   MVTU images (mem_images.h)
//   rebnet_axi_top.sv       module rebnet_axi_top, the board top: rtl/rebnet_axi_bridge.sv
//                           (AXI4-Stream, AXI4-Lite) around rebnet_network (axi_top.h)
//   rebnet_accel.v          module rebnet_accel, the Verilog-2001 top for Vivado around
//                           rebnet_axi_top (accel_wrapper.h)
//   rtl/*.sv, rtl/lint_waivers.vlt   copies of the checked-in files the design needs
//   rebnet_network.f        the sources in compile order, relative paths
//   synth.ys                yosys: hierarchical synth_xilinx of rebnet_network
//   vivado.tcl, constraints.xdc   Vivado out-of-context synthesis of rebnet_accel
//   README.md               the layout, the path rule, the commands, what was never run
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plan/network_plan.h"
#include "rtlgen/mem_images.h"
#include "rtlgen/tool_run.h"

namespace rebnet::rtlgen {

// Bumped whenever the generated files change for the same inputs (it is part of
// the `rebnet synth` cache key).
inline constexpr const char* kGeneratorVersion = "rtlgen-5";

struct Board {
  std::string name;     // pynq-z2, zcu104
  std::string part;     // Vivado part
  std::string family;   // yosys synth_xilinx -family
};
// The supported boards, the default first.
const std::vector<Board>& boards();
// Throws rebnet::Error naming the supported boards.
const Board& find_board(const std::string& name);

struct ExportOptions {
  std::string model_name;    // its file name is shown in the headers (usually the path given)
  std::string folding_name;  // likewise
  std::string board = "pynq-z2";
  double clock_mhz = 100;
  std::filesystem::path rtl_dir;  // empty: default_rtl_dir()
  MemChoice weight_mem;     // MVTUs' WeightMemStyle; empty: by size (--weight-mem)
  MemChoice threshold_mem;  // hidden MVTUs' ThresholdMemStyle; empty: by size (--threshold-mem)
};

struct ExportedFiles {
  std::filesystem::path dir;     // absolute
  std::vector<std::filesystem::path> files;  // every file written
  std::filesystem::path file_list, package, network, axi_top, wrapper, yosys_script,
      vivado_script, readme;
};

// The checked-in RTL directory (<source>/rtl), fixed at build time.
std::filesystem::path default_rtl_dir();
// Adds every .sv file of default_rtl_dir() (by name, in order) to a cache key: results
// that depend on the RTL go stale when it changes, even if the executable does not.
void add_rtl_sources(ContentHash& hash);
std::filesystem::path source_dir();

// Throws rebnet::Error when `out` lies inside the source tree: generated files
// belong in a build or output directory. `option` names the option in the message.
void refuse_inside_source(const std::filesystem::path& out, const std::string& option);

// rtl/*.sv file names the network needs, in compile order (packages first).
std::vector<std::string> rtl_files(const NetworkPlan& plan);

// The generated texts on their own (`header` is the comment line without "//").
std::string network_package_sv(const NetworkPlan& plan, const std::string& header,
                               const std::filesystem::path& mem_dir,
                               MemChoice weight_mem = {}, MemChoice threshold_mem = {});
std::string network_sv(const NetworkPlan& plan, const std::string& header);

// UpperCamelCase prefix of a stage's package localparams: u_l2_mvtu -> L2Mvtu.
std::string param_prefix(const Stage& stage);

// Writes every file into `out_dir` (created if needed).
ExportedFiles export_rtl(const NetworkPlan& plan, const ExportOptions& options,
                         const std::filesystem::path& out_dir);

}  // namespace rebnet::rtlgen
