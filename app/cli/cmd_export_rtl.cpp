// rebnet export-rtl: the generated SystemVerilog network top (the RTL twin of the
// SystemC network), the AXI board top around it, its memory images and synthesis
// scripts (sw/rtlgen).
#include <iostream>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/mem_style_options.h"
#include "contract/error.h"
#include "plan/network_plan.h"
#include "rtlgen/network_export.h"

namespace rebnet::cli {

int run_export_rtl(const std::vector<std::string>& args) {
  std::string model_path, folding_path, out_dir, board = rtlgen::boards().front().name;
  double clock_mhz = 100;
  MemStyleOptions mem_styles;
  std::string board_names;
  for (const rtlgen::Board& b : rtlgen::boards())
    board_names += (board_names.empty() ? "" : ", ") + b.name + " (" + b.part + ")";
  const std::string board_help = "target board: " + board_names;
  po::options_description options("options");
  add_design_options(options, model_path, folding_path);
  options.add_options()
      ("out", po::value(&out_dir)->required(),
       "output directory (created; must lie outside the source tree)")
      ("board", po::value(&board)->default_value(board), board_help.c_str())
      ("clock-mhz", real_value(&clock_mhz),
       "clock constraint of the Vivado script (MHz)");
  mem_styles.add_to(options);
  po::variables_map vm;
  if (!parse(args,
             "rebnet export-rtl --model FILE --folding FILE --out DIR [--board pynq-z2|zcu104] "
             "[--clock-mhz F] [--weight-mem size|block|distributed|auto] "
             "[--threshold-mem size|block|distributed|auto]",
             "Writes the RTL twin of the SystemC network for a model and a folding into a\n"
             "self-contained directory (every file the design needs, every path relative to\n"
             "it; run the tools from it, see its README.md): rebnet_network.sv (module\n"
             "rebnet_network: the same instances, streams and parameters as the SystemC\n"
             "model), rebnet_network_pkg.sv (per-stage parameters), mem/<instance>_weights.mem,\n"
             "_thresholds_lane000.mem .. (one per encoder lane) / _scores.mem ($readmemh\n"
             "images), rebnet_axi_top.sv (module rebnet_axi_top, the board top:\n"
             "rtl/rebnet_axi_bridge.sv with AXI4-Stream pixels and results and AXI4-Lite\n"
             "control, around rebnet_network), rebnet_accel.v (the Verilog-2001 top for\n"
             "Vivado's IP integrator and IP packager, with interface attributes and a reset\n"
             "synchroniser), rtl/ (copies of the blocks used), rebnet_network.f (file list),\n"
             "synth.ys (yosys, rebnet_network) and vivado.tcl + constraints.xdc\n"
             "(out-of-context synthesis of rebnet_accel for the board).",
             options, vm))
    return 0;
  try {
    rtlgen::find_board(board);
  } catch (const Error& e) {
    throw UsageError(std::string("--board: ") + e.what());
  }
  if (!(clock_mhz > 0 && clock_mhz <= 1000))
    throw UsageError("--clock-mhz = " + number_text(clock_mhz) +
                     ": expected a frequency in (0, 1000] MHz");
  const rtlgen::MemChoice weight_mem = mem_styles.weight_choice();
  const rtlgen::MemChoice threshold_mem = mem_styles.threshold_choice();
  rtlgen::refuse_inside_source(out_dir, "--out");
  make_directory(out_dir, "--out");

  const Design design = load_design(model_path, folding_path);
  const NetworkPlan& plan = design.plan;
  rtlgen::ExportOptions eo;
  eo.model_name = model_path;
  eo.folding_name = folding_path;
  eo.board = board;
  eo.clock_mhz = clock_mhz;
  eo.weight_mem = weight_mem;
  eo.threshold_mem = threshold_mem;
  const rtlgen::ExportedFiles files = rtlgen::export_rtl(plan, eo, out_dir);
  std::cout << "wrote " << files.files.size() << " files to " << files.dir.string() << ": "
            << plan.stages.size() << " stages, in_data_i " << plan.in_bits()
            << " bits, out_data_o " << plan.out_bits() << " bits\n"
            << "  run the tools from that directory (see its README.md):\n"
            << "  verilator: -f rebnet_network.f --top-module rebnet_accel (or rebnet_axi_top, "
               "rebnet_network)\n"
            << "  yosys:     yosys -l synth.log -s synth.ys\n"
            << "  vivado:    vivado -mode batch -source vivado.tcl\n";
  return 0;
}

}  // namespace rebnet::cli
