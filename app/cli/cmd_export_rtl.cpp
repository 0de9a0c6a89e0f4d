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
             "Writes the RTL twin of the SystemC network for a model and a folding:\n"
             "rebnet_network.sv (module rebnet_network: the same instances, streams and\n"
             "parameters as the SystemC model), rebnet_network_pkg.sv (per-stage parameters),\n"
             "mem/<instance>_weights.mem, _thresholds_lane000.mem .. (one per encoder lane) /\n"
             "_scores.mem ($readmemh images), rebnet_axi_top.sv (module rebnet_axi_top, the\n"
             "board top: rtl/rebnet_axi_bridge.sv with AXI4-Stream pixels and results and\n"
             "AXI4-Lite control, around rebnet_network), rebnet_network.f (file list of both\n"
             "tops), synth.ys (yosys, rebnet_network) and vivado.tcl + constraints.xdc\n"
             "(out-of-context synthesis of rebnet_axi_top for the board).",
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
            << "  verilator: -f " << files.file_list.string()
            << " --top-module rebnet_network (or rebnet_axi_top)\n"
            << "  yosys:     cd " << files.dir.string() << " && yosys -l synth.log -s synth.ys\n"
            << "  vivado:    vivado -mode batch -source " << files.vivado_script.string() << "\n";
  return 0;
}

}  // namespace rebnet::cli
