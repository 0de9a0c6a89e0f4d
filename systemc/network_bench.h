// NetworkBench: a source, a rebnet_network and a sink on a shared clock, the
// driver behind `rebnet simulate` and the network tests. Several benches may
// share one elaboration (SystemC elaborates once per process): build them all,
// then call run_benches().
//
// The source sends frames of 8-bit pixels (random valid gaps with probability
// in_gap), the sink takes one word per frame (random ready stalls with
// probability out_stall) and records, per frame, the clock edges of its first
// and last input transfer and of its output transfer, its label and scores.
//
// Timing-only mode (the fast mode's clock): frames are all-zero and keep
// coming; at every output the bench takes a snapshot of every register (_q
// signal) in the network plus the source position. The design's timing does
// not depend on data and no frame waits for a later one, so when a snapshot
// repeats one taken L frames earlier, every later frame j completes exactly
// out[j - L] + (out[f] - out[f - L]) edges in: the bench stops and extrapolates.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <systemc>

#include "rebnet_bits.h"
#include "rebnet_network.h"

namespace rebnet::sc {

inline constexpr double kClockPeriodNs = 10.0;

struct BenchOptions {
  uint32_t levels = 1;   // run-time k
  double in_gap = 0.0;   // probability that the source idles in a cycle
  double out_stall = 0;  // probability that the sink refuses in a cycle
  uint64_t seed = 1;
  bool timing_only = false;
  uint32_t max_period = 64;  // timing-only: largest period (in frames) looked for
};

struct FrameRecord {
  uint64_t first_in = 0, last_in = 0, out = 0;  // clock edges after reset
  uint32_t label = 0;
  std::vector<int64_t> scores;
  bool extrapolated = false;  // timing-only: inferred from the period
};

SC_MODULE(NetworkBench) {
 public:
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};

  // `images`: frames * frame_bytes pixels (ignored in timing-only mode).
  NetworkBench(sc_core::sc_module_name name, NetworkPlan plan, std::vector<uint8_t> images,
               uint64_t frames, const BenchOptions& options);
  SC_HAS_PROCESS(NetworkBench);

  bool done() const { return done_; }
  uint64_t frames_done() const { return received_; }
  const std::vector<FrameRecord>& records() const { return records_; }
  uint64_t edges() const { return edge_; }
  // Timing-only: the period found (0: none, every frame simulated).
  uint32_t period_frames() const { return period_; }
  // Protocol violations seen on the output (valid dropped or data changed
  // while stalled); empty when the network behaves.
  const std::vector<std::string>& errors() const { return errors_; }
  rebnet_network& network() { return u_network; }

 private:
  void clocked();
  void drive_input();
  Bits pixel_word(uint64_t frame, uint64_t word) const;
  std::vector<uint64_t> snapshot() const;
  void on_output(const Bits& data);
  void extrapolate(uint64_t f, uint32_t lag);

  sc_core::sc_signal<uint32_t> levels{"levels"};
  sc_core::sc_signal<bool> in_valid{"in_valid", false};
  sc_core::sc_signal<bool> in_ready{"in_ready", false};
  sc_core::sc_signal<Bits> in_data;
  sc_core::sc_signal<bool> out_valid{"out_valid", false};
  sc_core::sc_signal<bool> out_ready{"out_ready", false};
  sc_core::sc_signal<Bits> out_data;

 public:
  rebnet_network u_network;

 private:
  std::vector<uint8_t> images_;
  uint64_t frames_;
  BenchOptions options_;
  uint64_t frame_bytes_, frame_words_;
  std::mt19937_64 rng_;
  uint64_t edge_ = 0;
  uint64_t in_word_ = 0;  // words sent so far (all frames)
  uint64_t received_ = 0;
  bool done_ = false;
  uint32_t period_ = 0;
  std::vector<FrameRecord> records_;
  std::vector<std::vector<uint64_t>> snapshots_;
  std::vector<std::string> errors_;
  bool prev_out_stalled_ = false;
  Bits prev_out_data_;
  std::vector<const sc_core::sc_signal<bool>*> regs_bool_;
  std::vector<const sc_core::sc_signal<uint32_t>*> regs_uint_;
  std::vector<const sc_core::sc_signal<Bits>*> regs_bits_;
};

// Steady-state frame interval in clock edges: the mean interval between
// output transfers over the second half of the frames (first frame's latency
// for a single frame).
double steady_interval(const std::vector<FrameRecord>& records);

// Runs `benches` (sharing `clk` and `rst_n`, built on them) after 2 reset
// edges until all are done or `max_idle_edges` pass without any output;
// `on_progress` is called about every 1000 edges. Returns false on a stall.
bool run_benches(const std::vector<NetworkBench*>& benches, sc_core::sc_signal<bool>& rst_n,
                 uint64_t max_idle_edges, const std::function<void()>& on_progress = {});

}  // namespace rebnet::sc
