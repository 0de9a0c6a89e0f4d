// rebnet synth: exports the RTL network (sw/rtlgen) into a cache directory, runs
// yosys synth_xilinx on it and reports resources in total and per model layer
// (the work is rtlgen::synthesize; this file parses options and prints).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/mem_style_options.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "plan/network_plan.h"
#include "rtlgen/network_export.h"
#include "rtlgen/synth_run.h"
#include "rtlgen/tool_run.h"

namespace rebnet::cli {
namespace {

namespace fs = std::filesystem;

std::string cell(uint64_t v, int width) {
  std::string s = std::to_string(v);
  return std::string(static_cast<size_t>(std::max<int>(0, width - static_cast<int>(s.size()))), ' ') + s;
}

void print_row(const std::string& name, const nlohmann::json& r) {
  std::string n = name;
  n.resize(std::max<size_t>(n.size(), 16), ' ');
  std::cout << n << cell(r["lut"].get<uint64_t>(), 8) << cell(r["ff"].get<uint64_t>(), 8)
            << cell(r["bram18"].get<uint64_t>(), 8) << cell(r["dsp"].get<uint64_t>(), 6)
            << cell(r["lutram"].get<uint64_t>(), 8) << "\n";
}

void print_report(const nlohmann::json& r) {
  std::cout << std::string(16, ' ') << "     LUT      FF  BRAM18   DSP  LUTRAM\n";
  for (const auto& l : r["per_layer"])
    print_row("layer " + std::to_string(l["layer"].get<int>()) + " " +
                  l["kind"].get<std::string>(),
              l);
  print_row("other", r["other"]);
  print_row("total", r);
  for (const auto& m : r["memories"])
    std::cout << "  memory " << m["instance"].get<std::string>() << "."
              << m["memory"].get<std::string>() << " -> " << m["mapped_to"].get<std::string>()
              << "\n";
}

}  // namespace

int run_synth(const std::vector<std::string>& args) {
  std::string model_path, folding_path, json_path, cache_arg, yosys = "yosys";
  MemStyleOptions mem_styles;
  std::string board = rtlgen::boards().front().name;
  std::string board_names;
  for (const rtlgen::Board& b : rtlgen::boards())
    board_names += (board_names.empty() ? "" : ", ") + b.name + " (yosys synth_xilinx -family " +
                   b.family + ")";
  const std::string board_help = "target board: " + board_names;
  po::options_description options("options");
  add_design_options(options, model_path, folding_path);
  options.add_options()
      ("json", po::value(&json_path), "also write the result as JSON to this file")
      ("cache", po::value(&cache_arg),
       "cache directory (default $XDG_CACHE_HOME/rebnet/synth or ~/.cache/rebnet/synth)")
      ("board", po::value(&board)->default_value(board), board_help.c_str());
  mem_styles.add_to(options);
  options.add_options()("yosys", po::value(&yosys)->default_value(yosys), "yosys executable");
  po::variables_map vm;
  if (!parse(args,
             "rebnet synth --model FILE --folding FILE [--json FILE] [--cache DIR] "
             "[--board pynq-z2|zcu104] [--weight-mem size|block|distributed|auto] "
             "[--threshold-mem size|block|distributed|auto]",
             "Exports the RTL network (as rebnet export-rtl) into a cache entry keyed by a hash\n"
             "of the model file, the folding, the board, the weight and threshold memory choices,\n"
             "rtl/*.sv, the generator and the yosys version, synthesizes it with yosys\n"
             "synth_xilinx for the board's family (hierarchy kept, every instance its own module)\n"
             "and reports resources; a matching entry is reused (\"cached\"). Latches and cells\n"
             "left unmapped (yosys-internal $ cells) are errors. JSON fields: lut (LUT1-6), ff,\n"
             "bram18 (RAMB18 + 2 * RAMB36), dsp, lutram (LUTs used as memory), carry, inv (INV\n"
             "cells), latches, unmapped, weight_mem, threshold_mem, per_layer [{layer, kind, lut,\n"
             "ff, bram18, dsp, lutram, ...}], other (pixel encoder, label select, top), per_stage\n"
             "[{instance, layer, ...}], memories [{instance, memory, mapped_to}], cached,\n"
             "cache_dir, key, yosys_seconds. The total is the sum over the hierarchy,\n"
             "sum(per_layer) + other; nothing is optimized across instances. Resources and\n"
             "memory styles: docs/synthesis.md.",
             options, vm))
    return 0;
  rtlgen::SynthOptions so;
  so.cache_dir = cache_arg.empty() ? rtlgen::default_synth_cache() : fs::path(cache_arg);
  if (so.cache_dir.empty()) throw UsageError("no HOME or XDG_CACHE_HOME: give --cache DIR");
  rtlgen::refuse_inside_source(so.cache_dir, "--cache");
  make_directory(so.cache_dir, "--cache");
  so.yosys = yosys;
  try {
    so.board = rtlgen::find_board(board).name;
  } catch (const Error& e) {
    throw UsageError(std::string("--board: ") + e.what());
  }
  so.weight_mem = mem_styles.weight_choice();
  so.threshold_mem = mem_styles.threshold_choice();
  so.model_name = model_path;
  so.folding_name = folding_path;

  const std::string model_bytes = rtlgen::read_file(model_path);
  const Design design = load_design(model_path, folding_path);
  const Model& model = design.model;
  const NetworkPlan& plan = design.plan;

  // The progress bar appears only when yosys really runs; it redraws the elapsed time.
  std::unique_ptr<Progress> progress;
  int shown = 0;
  rtlgen::SynthOutcome out = rtlgen::synthesize(
      model, model_bytes, plan, so, [&](int milestone, int milestones, const std::string& pass) {
        if (!progress)
          progress = std::make_unique<Progress>("synth yosys", static_cast<uint64_t>(milestones));
        progress->set_status(pass);
        progress->advance(static_cast<uint64_t>(std::max(0, milestone - shown)));
        shown = std::max(shown, milestone);
      });
  if (progress) progress->finish();
  nlohmann::json result = std::move(out.result);
  const bool cached = out.cached;
  const fs::path entry = out.entry;
  if (cached)
    std::cout << "cached: " << entry.string() << "\n";
  else
    std::cout << "synthesized in " << result["yosys_seconds"].get<double>()
              << " s: " << entry.string() << "\n";
  result["cached"] = cached;
  result["cache_dir"] = entry.string();
  print_report(result);
  if (!json_path.empty()) write_json(result, json_path);
  return 0;
}

}  // namespace rebnet::cli
