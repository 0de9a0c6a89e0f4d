// Resources of a synthesized rebnet_network from yosys (synth.ys written by
// export_rtl: hierarchical synth_xilinx, every instance its own module, then
// `stat -top rebnet_network` into stat.txt): totals, per model layer, per stage
// instance, and what each memory was mapped to.
//
// Counting (Xilinx 7-series / UltraScale+ cells):
//   lut     LUT1..LUT6
//   inv     INV cells yosys leaves (LUT1s on the device unless Vivado folds them away)
//   ff      FD* (FDRE, FDSE, FDCE, FDPE)
//   bram18  RAMB18E1/E2 + 2 * RAMB36E1/E2
//   dsp     DSP48E1/E2
//   lutram  LUTs used as memory: RAM32*/RAM64*/RAM128*/RAM256* weighted by the
//           LUTs each primitive occupies (RAM64M = 4, RAM32X1D = 2, ...), SRL16E/SRLC32E = 1
//   carry   CARRY4/CARRY8
//   latches LDCE, LDPE, $dlatch/$_DLATCH_* cells plus "Latch inferred" messages (must be 0)
//   unmapped  other yosys-internal cells ($-prefixed types, e.g. $_DFF_P_ or $mul) that
//           synth_xilinx left without a Xilinx primitive (must be 0)
// A stage's resources include its submodules. The total is the sum over every
// module of the hierarchy, i.e. the stages plus the top's own cells; per_layer
// sums the stages of each model layer, `other` the rest (u_pixel_encoder,
// u_label_select, top glue), so total = sum(per_layer) + other.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "plan/network_plan.h"

namespace rebnet::rtlgen {

struct Resources {
  uint64_t lut = 0, ff = 0, bram18 = 0, dsp = 0, lutram = 0, carry = 0, inv = 0, latches = 0,
           unmapped = 0;
  Resources& operator+=(const Resources& o);
  bool operator==(const Resources&) const = default;
};

// Resources of leaf cells by type (types that are not Xilinx primitives are ignored).
Resources count_cells(const std::map<std::string, uint64_t>& cells_by_type);

struct StageResources {
  std::string instance;  // u_l0_mvtu
  int layer = -1;
  Resources res;
};

struct LayerResources {
  int layer = -1;
  std::string kind;  // dense, conv, maxpool
  Resources res;
};

struct MemoryMapping {
  std::string instance;  // hierarchical, below the top: u_l0_mvtu.u_weight_mem
  std::string memory;    // the memory's name in its module: mem
  std::string mapped_to; // block RAM (RAMB18/36...), LUT RAM (...), or LUT logic (ROM) / FFs
};

struct SynthReport {
  Resources total;
  Resources other;
  std::vector<LayerResources> per_layer;  // every model layer, in order
  std::vector<StageResources> per_stage;  // every stage of the plan
  std::vector<MemoryMapping> memories;
};

// `stat_text`: the output of `stat -top rebnet_network` after uniquify; `log`: the
// yosys log (memory mapping and latch messages). `layer_kinds[i]` names model
// layer i. Throws rebnet::Error when a stage instance is missing or the module
// sums disagree with yosys's design total.
SynthReport parse_synth_report(std::string_view stat_text, std::string_view log,
                               const NetworkPlan& plan,
                               const std::vector<std::string>& layer_kinds);

nlohmann::json resources_json(const Resources& r);
nlohmann::json report_json(const SynthReport& report);

// Progress through a yosys synth.ys run, from its log as it grows.
class YosysProgress {
 public:
  static constexpr int kMilestones = 12;
  // Feeds newly written log text; returns true when a milestone was passed.
  bool feed(std::string_view chunk);
  int milestone() const { return milestone_; }       // 0..kMilestones
  const std::string& pass() const { return pass_; }  // last "Executing X pass"

 private:
  std::string tail_;
  int milestone_ = 0;
  std::string pass_;
};

}  // namespace rebnet::rtlgen
