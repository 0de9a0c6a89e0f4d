// Test harness for the SystemC twins: a stream tester (the stream bench of
// systemc/stream_bench.h: a source with random input-valid gaps and a sink with
// random ready stalls on one seeded Pacer, a scoreboard and the AXI4-Stream
// protocol check), a harness of one stream DUT and its tester, MVTU cases built
// from random models and the golden reference, a simulation runner, and a bench
// running many harnesses side by side.
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
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>

#include "contract/model.h"
#include "plan/mvtu_config.h"
#include "rebnet_bits.h"
#include "rebnet_mvtu.h"
#include "stream_bench.h"

namespace rebnet::sc::test {

// True the first time in a process; later calls mean the kernel is spent.
bool claim_elaboration();

// First statement of a TEST that elaborates: skips it when another TEST of the
// same process already did.
#define CLAIM_ELABORATION()                                                              \
  if (!claim_elaboration())                                                              \
    GTEST_SKIP() << "SystemC elaborates once per process: run one TEST per process (ctest " \
                    "does), e.g. --gtest_filter=" << ::testing::UnitTest::GetInstance()     \
                                                         ->current_test_info()              \
                                                         ->test_suite_name()                \
                 << "." << ::testing::UnitTest::GetInstance()->current_test_info()->name()
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
  // A gap or stall probability for a random configuration: 0, 0.2, 0.5 or 0.8.
  double pacing() {
    static const double p[] = {0.0, 0.2, 0.5, 0.8};
    return p[uniform(0, 3)];
  }
  Bits bits(uint32_t width);

 private:
  std::mt19937_64 engine_;
};

// n random cases, case i from Random(seed + i): draw(r, c) sets the configuration,
// then in_gap and out_stall get a random pacing and c.seed = seed + i.
template <class Case, class Draw>
std::vector<Case> random_cases(uint64_t seed, int n, Draw draw) {
  std::vector<Case> cases;
  for (int i = 0; i < n; ++i) {
    Random r(seed + i);
    Case c;
    draw(r, c);
    c.in_gap = r.pacing();
    c.out_stall = r.pacing();
    c.seed = seed + i;
    cases.push_back(c);
  }
  return cases;
}

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

  bool done() const { return received() == total_expected(); }
  size_t received() const { return board_.received(); }
  size_t total_expected() const { return board_.expected().size(); }
  // Clock edges (counted from the start) at which words moved.
  const std::vector<uint64_t>& in_edges() const { return in_edges_; }
  const std::vector<uint64_t>& out_edges() const { return out_edges_; }
  // Data mismatches, extra words and protocol violations (the first few in full).
  size_t error_count() const { return board_.errors() + sink_.violations(); }
  std::vector<std::string> errors() const;

 private:
  void clocked();

  std::vector<Bits> in_words_;  // every phase's, in order
  std::vector<std::function<void()>> on_start_;
  std::vector<size_t> phase_in_end_, phase_out_end_;
  Pacer pacer_;
  StreamSource source_;
  StreamSink sink_;
  Scoreboard<Bits> board_;
  size_t phase_ = 0;
  uint64_t edge_ = 0;
  std::vector<uint64_t> in_edges_, out_edges_;
  std::vector<std::string> board_errors_;  // the first few
};

// Binds a stream DUT to its tester: clk_i and rst_ni (when the DUT has them)
// and the six handshake ports.
template <class Dut>
void bind_stream(Dut& dut, StreamTester& tester, sc_core::sc_in<bool>& clk,
                 sc_core::sc_in<bool>& rst_n) {
  tester.clk_i(clk);
  tester.rst_ni(rst_n);
  if constexpr (requires { dut.clk_i; }) {
    dut.clk_i(clk);
    dut.rst_ni(rst_n);
  }
  dut.in_valid_i(tester.in_valid);
  dut.in_ready_o(tester.in_ready);
  dut.in_data_i(tester.in_data);
  dut.out_valid_o(tester.out_valid);
  dut.out_ready_i(tester.out_ready);
  dut.out_data_o(tester.out_data);
}

// One stream DUT (SystemC name dut_name, built from cfg) and its tester, for the
// test case c; c.describe() names it in failures.
template <class Dut, class Case>
struct StreamHarness : sc_core::sc_module {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  Case c;
  StreamTester tester;
  Dut dut;

  template <class Cfg>
  StreamHarness(sc_core::sc_module_name name, const Case& test_case, const char* dut_name,
                const Cfg& cfg, uint32_t in_width, uint32_t out_width,
                std::vector<StreamPhase> phases, double in_gap, double out_stall, uint64_t seed)
      : sc_core::sc_module(name),
        c(test_case),
        tester("tester", in_width, out_width, std::move(phases), in_gap, out_stall, seed),
        dut(dut_name, cfg) {
    bind_stream(dut, tester, clk_i, rst_ni);
  }
  std::string describe() const { return c.describe(); }
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

// One MVTU and its tester; each phase starts with levels_i = its k.
struct MvtuHarness : StreamHarness<rebnet_mvtu, MvtuCase> {
  sc_core::sc_signal<uint32_t> levels;
  MvtuHarness(sc_core::sc_module_name name, const MvtuCase& c);
};

// ---------------------------------------------------------------------------

// The clock (BenchClock) and reset shared by all harnesses of a test; run() holds
// reset for 2 edges, then simulates (run_until_done) until done() or max_edges, then
// `tail` more edges. VCD: set REBNET_SC_VCD to a directory and pass a trace hook.
class SimRun : public BenchClock {
 public:
  SimRun();
  ~SimRun();
  // Returns false on timeout.
  bool run(const std::function<bool()>& done, uint64_t max_edges, uint64_t tail = 20,
           const std::function<void(sc_core::sc_trace_file*)>& trace = {},
           const std::string& vcd_name = "");
  uint64_t edges() const;
  double seconds() const { return seconds_; }  // wall time of the run until done()

 private:
  sc_core::sc_trace_file* vcd_ = nullptr;
  double seconds_ = 0;
};

// Harnesses (StreamHarness or derived) side by side on one clock, named h0, h1,
// ...: add() forwards its arguments after the name to the harness constructor;
// run() simulates until every tester has seen all its words, tracing every DUT
// (REBNET_SC_VCD, see SimRun); expect_clean() checks the scoreboards.
template <class Harness>
class StreamBench {
 public:
  // max_edges: the timeout (allow() adds to it); tail: edges run after the last word.
  explicit StreamBench(uint64_t max_edges = 1000, uint64_t tail = 20)
      : max_edges_(max_edges), tail_(tail) {}

  template <class... Args>
  Harness& add(Args&&... args) {
    harnesses_.push_back(std::make_unique<Harness>(
        ("h" + std::to_string(harnesses_.size())).c_str(), std::forward<Args>(args)...));
    harnesses_.back()->clk_i(sim_.clk);
    harnesses_.back()->rst_ni(sim_.rst_n);
    return *harnesses_.back();
  }
  void allow(uint64_t edges) { max_edges_ += edges; }

  // Runs every harness to completion; false on a timeout (a hang).
  bool run(const std::string& vcd_name = "") {
    return sim_.run([this] { return all_done(); }, max_edges_, tail_,
                    [this](sc_core::sc_trace_file* tf) {
                      for (const auto& h : harnesses_) h->dut.trace(tf);
                    },
                    vcd_name);
  }
  bool all_done() const {
    for (const auto& h : harnesses_)
      if (!h->tester.done()) return false;
    return true;
  }
  // Each harness finished with a clean scoreboard.
  void expect_clean() const {
    for (const auto& h : harnesses_) {
      const StreamTester& t = h->tester;
      SCOPED_TRACE(h->describe());
      EXPECT_TRUE(t.done()) << "received " << t.received() << " of " << t.total_expected()
                            << " words";
      std::string errors;
      for (const std::string& e : t.errors()) errors += "\n  " + e;
      EXPECT_EQ(t.error_count(), 0u) << errors;
    }
  }
  // run(), expecting no timeout, then expect_clean().
  void run_and_check(const std::string& vcd_name = "") {
    EXPECT_TRUE(run(vcd_name)) << "simulation timed out (a hang?)";
    expect_clean();
  }
  // A harness per case (Harness(name, case)), then run_and_check().
  template <class Case>
  void run_cases(const std::vector<Case>& cases, const std::string& vcd_name = "") {
    for (const Case& c : cases) add(c);
    run_and_check(vcd_name);
  }

  const std::vector<std::unique_ptr<Harness>>& harnesses() const { return harnesses_; }
  SimRun& sim() { return sim_; }

 private:
  SimRun sim_;
  std::vector<std::unique_ptr<Harness>> harnesses_;
  uint64_t max_edges_, tail_;
};

}  // namespace rebnet::sc::test
