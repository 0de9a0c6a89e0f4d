// Test harness for the SystemC twins: a stream tester (a source with random
// input-valid gaps and a sink with random ready stalls, both seeded, plus a
// scoreboard and an AXI4-Stream protocol check), MVTU cases built from random
// models and the golden reference, and a simulation runner.
//
// SystemC elaborates once per process: every TEST builds all its harnesses
// (as many configurations as it likes, side by side on one clock), runs them
// with one sc_start loop and checks them. ctest runs each TEST in its own
// process; running the binary by hand runs only the first TEST that simulates
// (the others are skipped with a message), so use --gtest_filter there.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <systemc>

#include "contract/model.h"
#include "rebnet_bits.h"
#include "rebnet_mvtu.h"
#include "rebnet_mvtu_config.h"

namespace rebnet::sc::test {

// True the first time in a process; later calls mean the kernel is spent.
bool claim_elaboration();
// The base seed: REBNET_SC_SEED from the environment or `fallback`; printed.
uint64_t base_seed(uint64_t fallback);

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  uint32_t uniform(uint32_t lo, uint32_t hi) {  // inclusive
    return lo + static_cast<uint32_t>(engine_() % (uint64_t{hi} - lo + 1));
  }
  bool chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  Bits bits(uint32_t width);

 private:
  std::mt19937_64 engine_;
};

// One phase of a stream test: words to send and words expected back;
// on_start runs (inside the tester's clocked process) before a phase after the
// first begins, once every earlier input is sent and every earlier output seen.
struct StreamPhase {
  std::vector<Bits> in;
  std::vector<Bits> expected;
  std::function<void()> on_start;
};

// Source, sink and scoreboard around one DUT. Bind the DUT's stream ports to
// in_valid/in_ready/in_data (DUT input) and out_valid/out_ready/out_data.
SC_MODULE(StreamTester) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_signal<bool> in_valid;
  sc_core::sc_signal<bool> in_ready;
  sc_core::sc_signal<Bits> in_data;
  sc_core::sc_signal<bool> out_valid;
  sc_core::sc_signal<bool> out_ready;
  sc_core::sc_signal<Bits> out_data;

  StreamTester(sc_core::sc_module_name name, uint32_t in_width, uint32_t out_width,
               std::vector<StreamPhase> phases, double in_gap, double out_stall, uint64_t seed);
  SC_HAS_PROCESS(StreamTester);

  bool done() const { return out_pos_ == total_expected_; }
  size_t received() const { return out_pos_; }
  size_t total_expected() const { return total_expected_; }
  // Clock edges (counted from the start) at which words moved.
  const std::vector<uint64_t>& in_edges() const { return in_edges_; }
  const std::vector<uint64_t>& out_edges() const { return out_edges_; }
  // Data mismatches, extra words and protocol violations (the first few in full).
  size_t error_count() const { return error_count_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void clocked();
  void error(const std::string& what);

  std::vector<StreamPhase> phases_;
  std::vector<size_t> phase_in_end_, phase_out_end_;
  size_t total_in_ = 0, total_expected_ = 0;
  double in_gap_, out_stall_;
  Random rng_;
  size_t phase_ = 0, in_pos_ = 0, out_pos_ = 0;
  uint64_t edge_ = 0;
  bool prev_out_valid_ = false, prev_out_ready_ = false;
  Bits prev_out_data_;
  std::vector<uint64_t> in_edges_, out_edges_;
  size_t error_count_ = 0;
  std::vector<std::string> errors_;
};

// ---------------------------------------------------------------------------
// MVTU cases.

struct MvtuCaseSpec {
  std::string name;
  uint32_t matrix_w = 8, matrix_h = 4, simd = 4, pe = 2;
  uint32_t levels_in = 1, levels_out = 1;  // levels_out 0: last layer
  bool pixel_input = false;
  uint32_t out_fifo_depth = kDefaultOutFifoDepth;
  std::vector<uint32_t> ks = {8};  // run-time k of each phase (the unit drains in between)
  uint32_t vectors = 3;            // input vectors (conv: images) per phase
  // Conv layer (hidden only): kernel K on a conv_size x conv_size x conv_channels
  // input; matrix_w is then K*K*conv_channels.
  uint32_t conv_kernel = 0, conv_size = 0, conv_channels = 0;
  bool garbage_levels = false;  // random bits in the level positions above in_levels
  double in_gap = 0.0, out_stall = 0.0;
  uint64_t seed = 1;
};

struct MvtuPhaseData {
  uint32_t k = 8;
  uint32_t vectors = 0;  // MVTU input vectors (conv: windows)
  std::vector<Bits> in;
  std::vector<Bits> expected;
};

struct MvtuCase {
  MvtuCaseSpec spec;
  Layer layer;
  MvtuConfig cfg;  // what the DUT is built from (a test may corrupt it)
  std::vector<MvtuPhaseData> phases;
  std::string describe() const;
};

MvtuCase make_mvtu_case(const MvtuCaseSpec& spec);
// A random small configuration; seed replays it.
MvtuCaseSpec random_mvtu_spec(uint64_t seed, const std::string& name);

// One MVTU and its tester.
SC_MODULE(MvtuHarness) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_signal<uint32_t> levels;
  StreamTester tester;
  rebnet_mvtu u_mvtu;

  MvtuHarness(sc_core::sc_module_name name, const MvtuCase& c);
  const MvtuCase& test_case() const { return case_; }

 private:
  MvtuCase case_;
};

// ---------------------------------------------------------------------------

// The clock (10 ns) and reset shared by all harnesses of a test; run() holds
// reset for 2 edges, then simulates until done() or max_edges, then `tail`
// more edges. VCD: set REBNET_SC_VCD to a directory and pass a trace hook.
class SimRun {
 public:
  SimRun();
  ~SimRun();
  sc_core::sc_clock clk{"clk", 10, sc_core::SC_NS};
  sc_core::sc_signal<bool> rst_n{"rst_n", false};
  // Returns false on timeout.
  bool run(const std::function<bool()>& done, uint64_t max_edges, uint64_t tail = 20,
           const std::function<void(sc_core::sc_trace_file*)>& trace = {},
           const std::string& vcd_name = "");
  uint64_t edges() const;
  double seconds() const { return seconds_; }  // wall time inside sc_start after reset

 private:
  sc_core::sc_trace_file* vcd_ = nullptr;
  double seconds_ = 0;
};

}  // namespace rebnet::sc::test
