// `rebnet synth` as a library call (also for the exploration job): export the RTL
// network into a cache entry keyed by everything the result depends on, run yosys
// on it (synth.ys) unless the entry is complete, and parse the report.
//
// Cache key: a hash of the generator version, `yosys -V`, the board, the weight
// and threshold memory choices, the model file bytes, the checked folding (folding_json), and the
// name and contents of every rtl/*.sv.
// An entry <cache>/<key>/ holds the exported files, synth.log, stat.txt and, written
// last, result.json; an entry without result.json (an interrupted run) is redone.
// <cache>/<key>.lock serializes runs with the same key.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "contract/model.h"
#include "plan/network_plan.h"
#include "rtlgen/mem_images.h"

namespace rebnet::rtlgen {

struct SynthOptions {
  std::filesystem::path cache_dir;  // must lie outside the source tree
  std::string yosys = "yosys";
  std::string board = "pynq-z2";  // synth_xilinx -family of the board (find_board)
  std::string model_name;    // for the generated headers and the result
  std::string folding_name;
  MemChoice weight_mem;     // the MVTUs' WeightMemStyle; empty: by size
  MemChoice threshold_mem;  // the hidden MVTUs' ThresholdMemStyle; empty: by size
};

struct SynthOutcome {
  // report_json() plus key, yosys (version), yosys_seconds, board, part, model, folding.
  nlohmann::json result;
  bool cached = false;
  std::filesystem::path entry;  // the cache entry directory
};

// $XDG_CACHE_HOME/rebnet/synth, else ~/.cache/rebnet/synth; empty if neither is set.
std::filesystem::path default_synth_cache();

// `model_bytes` are the model file's bytes (the key), `model` the parsed model.
// `progress(milestone, milestones, pass)` is called about five times a second while
// yosys runs. Throws rebnet::Error when yosys fails or infers latches.
SynthOutcome synthesize(
    const Model& model, const std::string& model_bytes, const NetworkPlan& plan,
    const SynthOptions& options,
    const std::function<void(int milestone, int milestones, const std::string& pass)>& progress);

}  // namespace rebnet::rtlgen
