#include "rtlgen/export_scripts.h"

#include <sstream>

#include "rtlgen/accel_wrapper.h"
#include "rtlgen/network_export.h"
#include "rtlgen/sv_text.h"

namespace rebnet::rtlgen {
namespace fs = std::filesystem;
namespace {

std::string mhz(double clock_mhz) { return format_double(clock_mhz, "%g"); }

// Every SystemVerilog source in compile order, the network's first.
std::vector<fs::path> sv_sources(const ExportLayout& layout) {
  std::vector<fs::path> all = layout.network_sources;
  all.insert(all.end(), layout.top_sources.begin(), layout.top_sources.end());
  return all;
}

// Paths in scripts and file lists always use '/' (Vivado on Windows reads them too).
std::string slashed(const fs::path& p) { return p.generic_string(); }

}  // namespace

std::string file_list_text(const ExportLayout& layout, const std::string& header) {
  std::ostringstream o;
  o << "// " << header << "\n"
    << "// Sources of rebnet_network, the board top rebnet_axi_top and its Verilog wrapper\n"
    << "// " << kAccelModule << " in compile order (packages first), relative to this file's\n"
    << "// directory: `verilator -F <dir>/rebnet_network.f` from anywhere, or -f from <dir>.\n";
  for (const fs::path& p : sv_sources(layout)) o << slashed(p) << "\n";
  o << slashed(layout.wrapper) << "\n";
  return o.str();
}

std::string yosys_script(const ExportLayout& layout, const std::string& header,
                         const Board& board) {
  std::ostringstream o;
  o << "# " << header << "\n"
    << "# yosys synthesis of rebnet_network for " << board.name << " (synth_xilinx -family "
    << board.family << "). Run in this directory\n"
    << "# (the $readmemh paths mem/*.mem are relative to it):\n"
    << "#   yosys -l synth.log -s synth.ys\n"
    << "# The hierarchy is kept and every instance becomes its own module (uniquify), so\n"
    << "# `stat` reports each stage instance (module rebnet_network.u_<name>) and its\n"
    << "# submodules separately; the design total is their sum (no optimization across\n"
    << "# instance boundaries). No I/O buffers: the network is a core, not a chip top.\n"
    << "# stat.txt: cells per module and the design total (rebnet synth parses it).\n";
  for (const fs::path& p : layout.network_sources) o << "read_verilog -sv " << slashed(p) << "\n";
  o << "hierarchy -check -top rebnet_network\n"
    << "setattr -mod -set unique 1 *\n"
    << "uniquify\n"
    << "synth_xilinx -top rebnet_network -family " << board.family << " -noiopad\n"
    << "tee -o stat.txt stat -top rebnet_network\n"
    << "check -assert\n";
  return o.str();
}

std::string constraints_xdc(const std::string& header, const Board& board, double clock_mhz) {
  std::ostringstream o;
  o << "# " << header << "\n"
    << "# Constraints of " << kAccelModule << " on " << board.name << " (" << board.part
    << ") at " << mhz(clock_mhz) << " MHz, out-of-context synthesis.\n"
    << "create_clock -name " << kAccelClock << " -period "
    << format_double(1000.0 / clock_mhz, "%.3f") << " [get_ports " << kAccelClock << "]\n";
  return o.str();
}

std::string vivado_script(const ExportLayout& layout, const std::string& header,
                          const Board& board, double clock_mhz) {
  std::ostringstream o;
  o << "# " << header << "\n"
    << "# Vivado non-project flow: out-of-context synthesis of " << kAccelModule
    << " (the Verilog wrapper\n"
    << "# of rebnet_axi_top: AXI4-Stream in/out, AXI4-Lite control) for " << board.name << " ("
    << board.part << "), " << mhz(clock_mhz) << " MHz:\n"
    << "#   vivado -mode batch -source vivado.tcl\n"
    << "# from any directory: the script makes its own directory the working directory, so\n"
    << "# the relative source paths below and the package's $readmemh paths (mem/*.mem)\n"
    << "# resolve there, wherever the export was moved. Reports go there too; set\n"
    << "# REBNET_IMPL=1 to also place and route.\n"
    << "set dir [file dirname [file normalize [info script]]]\n"
    << "cd $dir\n"
    << "set part " << board.part << "\n"
    << "read_verilog -sv [list \\\n";
  for (const fs::path& p : sv_sources(layout)) o << "  " << slashed(p) << " \\\n";
  o << "]\n"
    << "read_verilog " << slashed(layout.wrapper) << "\n"
    << "read_xdc -mode out_of_context constraints.xdc\n"
    << "synth_design -top " << kAccelModule << " -part $part -mode out_of_context\n"
    << "report_utilization -file utilization.rpt\n"
    << "report_utilization -hierarchical -file utilization_hier.rpt\n"
    << "report_timing_summary -file timing_synth.rpt\n"
    << "write_checkpoint -force " << kAccelModule << "_synth.dcp\n"
    << "if {[info exists ::env(REBNET_IMPL)] && $::env(REBNET_IMPL) ne \"0\"} {\n"
    << "  opt_design\n"
    << "  place_design\n"
    << "  route_design\n"
    << "  report_utilization -file utilization_routed.rpt\n"
    << "  report_timing_summary -file timing_routed.rpt\n"
    << "  write_checkpoint -force " << kAccelModule << "_routed.dcp\n"
    << "}\n";
  return o.str();
}

std::string readme_md(const ExportLayout& layout, const NetworkPlan& plan,
                      const std::string& header, const Board& board, double clock_mhz) {
  const std::string top = kAccelModule;
  std::ostringstream o;
  o << "<!-- " << header << " -->\n"
    << "# " << top << ": exported RTL\n\n"
    << "The RTL of one network (" << plan.stages.size() << " stages, " << plan.classes
    << " classes, up to " << plan.max_levels << " residual levels) for " << board.name
    << " (`" << board.part << "`) at " << mhz(clock_mhz) << " MHz.\n"
    << "This directory is self-contained: every file the design needs is in it and every\n"
    << "path in it is relative to it, so it can be moved, zipped or copied to the machine\n"
    << "that has Vivado (Windows too) without the rebnet checkout.\n\n"
    << "## Layout\n\n"
    << "| path | what |\n|---|---|\n"
    << "| `" << slashed(layout.wrapper) << "` | module `" << top
    << "`, the top for Vivado: a Verilog-2001 wrapper of `rebnet_axi_top` with "
       "X_INTERFACE_INFO / X_INTERFACE_PARAMETER attributes for `"
    << kAccelClock << "`, `" << kAccelReset
    << "` (active low) and the AXI interfaces, and a reset synchroniser "
       "(asynchronous assert, release after two `"
    << kAccelClock << "` edges; VALIDs and READYs held low until then) |\n"
    << "| `rebnet_axi_top.sv` | the SystemVerilog board top: `rtl/rebnet_axi_bridge.sv` around "
       "the network |\n"
    << "| `rebnet_network.sv`, `rebnet_network_pkg.sv` | the network and its parameters |\n"
    << "| `rtl/*.sv` | copies of the checked-in blocks the design uses |\n"
    << "| `" << slashed(layout.lint_waivers) << "` | Verilator lint waivers (with `--assert`) |\n"
    << "| `mem/*.mem` | `$readmemh` images: weights, threshold lanes, scores ("
    << layout.memory_images.size() << " files) |\n"
    << "| `rebnet_network.f` | every source in compile order |\n"
    << "| `synth.ys` | yosys synthesis of `rebnet_network` (what `rebnet synth` runs) |\n"
    << "| `vivado.tcl`, `constraints.xdc` | Vivado out-of-context synthesis of `" << top
    << "` |\n\n"
    << "## Paths: run every tool from this directory\n\n"
    << "The package names the memory images by paths relative to this directory\n"
    << "(`mem/<instance>_weights.mem`, ...). Simulators and synthesizers resolve a relative\n"
    << "`$readmemh` path against their working directory, not against the source file, so\n"
    << "every tool must run with this directory as its working directory:\n\n"
    << "```sh\n"
    << "cd <this directory>\n"
    << "verilator --lint-only -Wall --assert " << slashed(layout.lint_waivers)
    << " -f rebnet_network.f --top-module " << top << "\n"
    << "verilator --cc --exe --build --assert " << slashed(layout.lint_waivers)
    << " -f rebnet_network.f --top-module " << top << " <your testbench.cpp>\n"
    << "./obj_dir/V" << top << "   # from this directory: it reads mem/*.mem\n"
    << "yosys -l synth.log -s synth.ys\n"
    << "vivado -mode batch -source vivado.tcl   # from anywhere: it changes to its own directory\n"
    << "```\n\n"
    << "`rebnet_network.f` lists paths relative to itself: `verilator -F <dir>/rebnet_network.f`\n"
    << "also compiles from elsewhere, but the simulation must still start in this directory.\n\n"
    << "In a Vivado project (module reference in IP integrator, or the IP packager), add\n"
    << "every file of `rebnet_network.f` and `mem/*.mem` to the project. Project synthesis\n"
    << "runs in `<project>.runs/synth_1`, not here; if it reports `[Synth 8-4445] could not\n"
    << "open $readmem data file`, synthesize with `vivado.tcl` instead.\n\n"
    << "## Ports\n\n"
    << "The stream formats and the AXI4-Lite registers are described at the top of\n"
    << "`rebnet_axi_top.sv`; `" << top << "` has the same ports, the clock and reset renamed.\n\n"
    << "## Never executed\n\n"
    << "Vivado is not installed where rebnet is developed and tested: `vivado.tcl`,\n"
    << "`constraints.xdc`, the X_INTERFACE attributes (interface inference by IP integrator\n"
    << "and the IP packager), the ASYNC_REG synchroniser and the `$readmemh` path rule in\n"
    << "Vivado were never run. What rebnet's tests run on a moved export of a small model:\n"
    << "Verilator lint, a Verilated simulation through `" << top
    << "`'s ports against the golden\n"
    << "model, and yosys `synth_xilinx` of `" << top << "` (no latches, no unmapped cells).\n";
  return o.str();
}

}  // namespace rebnet::rtlgen
