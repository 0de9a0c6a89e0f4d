// CosimBench: lockstep co-simulation of the two twins of rebnet_network on one
// clock and reset: the SystemC model (systemc/rebnet_network.h) and the
// Verilated RTL (through RtlTwin, rtl_twin.h).
//
// One source and one sink drive both twins with the same signals: frames of
// 8-bit pixels with random valid gaps (probability in_gap) and random ready
// stalls (probability out_stall), from one seed (the stream bench of
// systemc/stream_bench.h, as NetworkBench's); the source and the sink follow
// the SystemC twin's handshakes (the RTL's are equal until the first mismatch).
//
// On every falling clock edge (every signal settled) the bench compares every
// output of every stream interface: the top's in_ready_o, out_valid_o and
// out_data_o, and for each internal stream <s> (rebnet_network::stream(i)
// against the RTL's public <s>_valid/_ready/_data) all three signals, as raw
// words. At the first difference it records the cycle, the interface, both
// values and the frame the interface's next word belongs to, and pauses the
// simulation (sc_pause).
//
// Hierarchical names: SystemC's VCD writer puts every traced signal below a
// root scope named "SystemC", and Verilator's FST puts the model below the
// scope of its sc_module name. So the Verilated model is the top-level module
// "SystemC" (its top module's scope: SystemC.rebnet_network) and the SystemC
// twin the top-level module "rebnet_network": both waveforms (open_traces)
// name every signal SystemC.rebnet_network.<instance>.<signal>.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "network_bench.h"
#include "rebnet_bits.h"
#include "rebnet_network.h"
#include "rtl_twin.h"

namespace rebnet::tb {

inline constexpr const char* kRtlModuleName = "SystemC";
inline constexpr const char* kTraceTop = "SystemC.rebnet_network";  // scope of the network in both traces

struct CosimOptions {
  uint32_t levels = 1;    // run-time k
  double in_gap = 0.0;    // probability that the source idles in a cycle
  double out_stall = 0.0; // probability that the sink refuses in a cycle
  uint64_t seed = 1;
  bool trace = false;     // build the RTL twin able to trace (open_traces)
};

struct Mismatch {
  uint64_t cycle = 0;       // clock edges since reset was released
  std::string interface;    // "in" / "out" (top ports) or a stream, e.g. "l0_mvtu"
  std::string signal;       // e.g. "l0_mvtu_data", "out_valid_o"
  std::string systemc, rtl; // "<width>'h<hex>"
  uint64_t frame = 0;       // frame of the interface's next word
  std::string describe() const;
};

// Words per frame on each stream of `plan`: index i is stage i's output stream
// (the last, "out", carries 1). The bench turns word counts into frame indices.
std::vector<uint64_t> stream_words_per_frame(const NetworkPlan& plan);

// The source, the sink and the comparison (an sc_module named "cosim").
class CosimDriver;

class CosimBench {
 public:
  // `images`: frames * frame pixels; `factory` builds the RTL twin (its widths
  // and public stream signals are checked against the plan: rebnet::Error).
  // Both twins and the driver run on `clk` and `rst_n`.
  CosimBench(NetworkPlan plan, std::vector<uint8_t> images, uint64_t frames,
             const CosimOptions& options, RtlTwinFactory factory,
             sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n);
  ~CosimBench();
  CosimBench(const CosimBench&) = delete;
  CosimBench& operator=(const CosimBench&) = delete;

  bool done() const;
  const std::optional<Mismatch>& mismatch() const;
  uint64_t frames_done() const;
  uint64_t edges() const;            // clock edges since reset was released
  uint64_t cycles_compared() const;  // falling edges at which everything was compared
  // Signals compared each cycle: 3 for the top plus 3 per internal stream.
  size_t signals_compared() const;
  const std::vector<sc::FrameOutput>& outputs() const;  // the first `frames`
  // Interfaces whose word count is not frames * words per frame (the bench's
  // frame bookkeeping; empty after a complete run).
  std::vector<std::string> word_count_errors() const;

  sc::rebnet_network& systemc_twin() { return *sc_twin_; }
  RtlTwin& rtl_twin() { return *rtl_; }
  // <dir>/model.vcd (SystemC) and <dir>/rtl.fst (Verilator); call after
  // elaboration (sc_start(SC_ZERO_TIME)).
  void open_traces(const std::string& dir);
  void close_traces();

 private:
  std::unique_ptr<CosimDriver> driver_;
  std::unique_ptr<RtlTwin> rtl_;
  std::unique_ptr<sc::rebnet_network> sc_twin_;
  sc_core::sc_trace_file* vcd_ = nullptr;
};

// Runs `bench` (built on `rst_n` and a clock of sc::kClockPeriodNs) with
// sc::run_until_done: 2 edges in reset, then until it is done (every frame's
// output taken and every stream interface drained of the frames' words), a
// mismatch, or `max_idle_edges` without an output (returns false then).
// `on_progress` runs about every 1000 edges.
bool run_cosim(CosimBench& bench, sc_core::sc_signal<bool>& rst_n, uint64_t max_idle_edges,
               const std::function<void()>& on_progress = {});

// RtlBench: the Verilated RTL twin alone, without the SystemC twin and without
// any comparison (`rebnet cosim --rtl-only`, the RTL's side of `rebnet bench
// sim`). Its source and sink are CosimBench's: the same frames, valid gaps and
// ready stalls drawn from the same seed in the same order, but following the
// RTL's own handshakes (in_ready_o, out_valid_o); so while the twins agree the
// RTL sees exactly the stimulus of a lockstep run. It records every output
// frame and checks the AXI4-Stream rules on the output (valid held and data
// stable while stalled); the caller checks the outputs against the golden model.
class RtlDriver;

class RtlBench {
 public:
  // `images`: frames * frame pixels; `factory` builds the RTL twin (a top-level
  // module named kRtlModuleName, as in CosimBench, so traces name the same scopes).
  RtlBench(NetworkPlan plan, std::vector<uint8_t> images, uint64_t frames,
           const CosimOptions& options, RtlTwinFactory factory,
           sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n);
  ~RtlBench();
  RtlBench(const RtlBench&) = delete;
  RtlBench& operator=(const RtlBench&) = delete;

  bool done() const;  // every frame's output taken and every input word sent
  uint64_t frames_done() const;
  uint64_t edges() const;  // clock edges since reset was released, up to done
  const std::vector<sc::FrameOutput>& outputs() const;  // the first `frames`
  // Output protocol violations (at most 10 are kept); empty when the RTL behaves.
  const std::vector<std::string>& protocol_errors() const;

  RtlTwin& rtl_twin() { return *rtl_; }
  // <dir>/rtl.fst (built with options.trace), as CosimBench::open_traces; call
  // after elaboration.
  void open_traces(const std::string& dir);
  void close_traces();

 private:
  NetworkPlan plan_;  // the driver reads it
  std::unique_ptr<RtlDriver> driver_;
  std::unique_ptr<RtlTwin> rtl_;
};

// As run_cosim, for an RtlBench: 2 edges in reset, then until it is done or
// `max_idle_edges` pass without an output (returns false then).
bool run_rtl(RtlBench& bench, sc_core::sc_signal<bool>& rst_n, uint64_t max_idle_edges,
             const std::function<void()>& on_progress = {});

// Hex of a raw RTL value, as Bits::hex ("<width>'h<digits>").
std::string raw_hex(const RawSignal& raw, uint32_t width);
// True when the low `width` bits of `raw` equal `bits` (of that width).
bool raw_equal(const Bits& bits, const RawSignal& raw);

}  // namespace rebnet::tb
