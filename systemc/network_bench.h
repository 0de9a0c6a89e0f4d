// NetworkBench: a source, a rebnet_network and a sink on a shared clock, the
// driver behind `rebnet simulate` (simulate.h) and the network tests. Several benches may
// share one elaboration (SystemC elaborates once per process): build them all,
// then call run_benches().
//
// The source sends frames of 8-bit pixels (random valid gaps with probability
// in_gap), the sink takes one word per frame (random ready stalls with
// probability out_stall), both paced by one Pacer (stream_bench.h), and records, per
// frame, the clock edges of its first and last input transfer and of its output
// transfer, its label and scores.
//
// Timing-only mode (the fast mode's clock): frames are all-zero and keep
// coming; at every output the bench takes a snapshot of every register (_q
// signal) in the network plus the source position. The design's timing does
// not depend on data and no frame waits for a later one, so when a snapshot
// repeats one taken L frames earlier, every later frame j completes exactly
// out[j - L] + (out[f] - out[f - L]) edges in: the bench stops and extrapolates.
//
// Also here, for every bench around a whole network (the co-simulation drivers too): the
// pixel words of the input stream, the decoding of the output word and the score of the
// outputs against the golden model.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <systemc>

#include "golden/activation.h"
#include "plan/network_plan.h"
#include "rebnet_bits.h"
#include "rebnet_network.h"
#include "stream_bench.h"

namespace rebnet::sc {

// Input frames of a run: `count` frames of 8-bit pixels (count * frame elements) and,
// when known, their labels (for accuracy).
struct InputFrames {
  std::span<const uint8_t> pixels;
  std::span<const uint8_t> labels;  // empty: unknown
  uint64_t count = 0;
};

// Throws rebnet::Error unless 1 <= k <= the plan's levels.
void check_levels(const NetworkPlan& plan, uint32_t k);

// The words of a network's input stream: frame after frame, frame_in_words words a frame,
// input_elems 8-bit pixels a word (the first in bits 7:0). `images` holds frames * frame
// pixels; `endless`: all-zero frames that never end (timing only; images unused). `who`
// names the bench in errors.
class PixelFrames {
 public:
  PixelFrames(const NetworkPlan& plan, std::vector<uint8_t> images, uint64_t frames,
              bool endless, const std::string& who);
  uint64_t frames() const { return frames_; }
  uint64_t frame_words() const { return frame_words_; }
  bool has(uint64_t word) const { return endless_ || word < frames_ * frame_words_; }
  // Word `index` of the stream (word index % frame_words() of frame index / frame_words())
  // into `w` (in_bits wide).
  void word(uint64_t index, Bits& w) const;

 private:
  std::vector<uint8_t> images_;
  uint64_t frames_, frame_words_;
  uint32_t input_elems_;
  bool endless_;
};

// One output word of the network: the label and (with_scores) the class scores.
struct FrameOutput {
  uint64_t cycle = 0;  // clock edge of the output transfer
  uint32_t label = 0;
  std::vector<int64_t> scores;
};
FrameOutput decode_output(const NetworkPlan& plan, const Bits& word, uint64_t cycle,
                          bool with_scores = true);

// Outputs (anything with label and scores, in frame order) against the golden model's,
// and against the data set's labels when given.
struct FrameScore {
  struct Diff {
    uint64_t frame = 0;
    uint32_t label = 0, golden = 0;
  };
  uint64_t checked = 0;      // outputs scored
  uint64_t mismatches = 0;   // label or scores differ from the golden model's (or no golden frame)
  uint64_t correct = 0;      // labels equal to the data set's
  std::optional<Diff> first; // the first output that differs from its golden frame
};

template <class Frame>
FrameScore score_frames(const std::vector<Frame>& outputs, std::vector<Result> golden,
                        std::span<const uint8_t> labels) {
  FrameScore s;
  Scoreboard<Result> board(std::move(golden));
  const auto same = [](const Frame& o, const Result& g) {
    return o.label == g.label && o.scores == g.scores;
  };
  for (const Frame& o : outputs) {
    const uint64_t i = board.received();
    if (board.check(o, same) == Scoreboard<Result>::Verdict::Mismatch && !s.first)
      s.first = FrameScore::Diff{i, o.label, board.expected()[i].label};
    if (i < labels.size()) s.correct += o.label == labels[i];
  }
  s.checked = board.received();
  s.mismatches = board.errors();
  return s;
}

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
  // while stalled; the first StreamSink::kKeptErrors); empty when the network behaves.
  const std::vector<std::string>& errors() const { return sink_.errors(); }
  rebnet_network& network() { return u_network; }

 private:
  void clocked();
  void drive_input();
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
  PixelFrames pixels_;
  uint64_t frames_;
  BenchOptions options_;
  Pacer pacer_;
  StreamSource source_;  // sent(): words sent so far (all frames)
  StreamSink sink_;
  Bits word_;
  uint64_t edge_ = 0;
  uint64_t received_ = 0;
  bool done_ = false;
  uint32_t period_ = 0;
  std::vector<FrameRecord> records_;
  std::vector<std::vector<uint64_t>> snapshots_;
  std::vector<const sc_core::sc_signal<bool>*> regs_bool_;
  std::vector<const sc_core::sc_signal<uint32_t>*> regs_uint_;
  std::vector<const sc_core::sc_signal<Bits>*> regs_bits_;
};

// Steady-state frame interval in clock edges, from the edges of the output transfers: the
// mean interval over the second half of the frames; for a single frame its latency,
// out[0] - start.
double steady_interval(const std::vector<uint64_t>& out, uint64_t start);
// The same from a bench's records (start: frame 0's first input transfer).
double steady_interval(const std::vector<FrameRecord>& records);

// Runs `benches` (sharing a clock and `rst_n`, built on them) with run_until_done until
// all are done or `max_idle_edges` pass without any output; `on_progress` is called
// about every 1000 edges. Returns false on a stall.
bool run_benches(const std::vector<NetworkBench*>& benches, sc_core::sc_signal<bool>& rst_n,
                 uint64_t max_idle_edges, const std::function<void()>& on_progress = {});

}  // namespace rebnet::sc
