// GTKWave save files for co-simulation traces. Both traces of a cosim run name
// every signal <bench>.dut.rebnet_network.<instance>.<signal> (cosim_bench.h), so one
// save file opens either: gtkwave model.vcd rebnet_network.gtkw, or rtl.fst.
//
// Layout: a group "streams" (clock, reset, levels, the top's ports and every
// internal stream in stream order), then one collapsed group per block
// instance in stream order, each with the subgroups
//   streams       the block's in_*/out_* ports (and the MVTU's push_* FIFO input)
//   counters      narrow registers and sequencer controls (nf, sf, level, credit,
//                 hold, tile, fill, recv, FIFO pointers, window coordinates, ...)
//   accumulators  acc_q, enc_acc_q, the popcount tree's chunk_q and count_q
//   thresholds    the encoder's enc_* registers (enc_thr_q: each lane's threshold
//                 read) and, in the RTL trace, each lane's table address
//                 (g_lane[l].thr_addr)
//   registers     the other (wide) registers: ibuf_q, the weight memory's rd_data_q,
//                 buf_q, obuf_q, ...
// Where the twins name a signal differently (a generate block such as g_hidden
// in the RTL, a 1-bit counter that SystemC writes without "[0:0]"), both names
// are listed and each viewer shows the one its trace has.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "plan/network_plan.h"

namespace rebnet::tb {

// One $var of a VCD header.
struct VcdVar {
  std::string scope;  // dotted scope path
  std::string name;   // reference name without the range
  uint32_t width = 1;
  std::string range;  // "[31:0]" or ""
  std::string id;     // identifier code
  // The name GTKWave shows and save files use: scope.name[msb:lsb].
  std::string full() const { return scope + "." + name + range; }
};

// The declarations of a VCD (up to $enddefinitions). Throws rebnet::Error on a
// malformed header (unbalanced scopes, a $var without $end, no $enddefinitions).
std::vector<VcdVar> read_vcd_vars(std::istream& in);
std::vector<VcdVar> read_vcd_vars(const std::filesystem::path& vcd);
// The declarations of an FST through gtkwave's fst2vcd (reads only the header);
// nullopt when fst2vcd is not installed or fails.
std::optional<std::vector<VcdVar>> read_fst_vars(const std::filesystem::path& fst);

struct GtkwSummary {
  size_t signals = 0;    // signal lines written
  size_t left_out = 0;   // key signals of `vars` with no counterpart in `also_in`
};

// Writes a save file for `plan` from the signals `vars` of one trace (the
// SystemC VCD), keeping only those with a counterpart in `also_in` when given
// (the RTL's: the same name, or the same name outside generate blocks);
// `top` is the network's scope (e.g. "cosim.dut.rebnet_network"), `dumpfile`
// the trace the save file names (either trace can be given to gtkwave instead).
GtkwSummary write_gtkw(const std::filesystem::path& out, const NetworkPlan& plan,
                       const std::vector<VcdVar>& vars, const std::vector<VcdVar>* also_in,
                       const std::string& top, const std::string& dumpfile,
                       const std::string& comment);

}  // namespace rebnet::tb
