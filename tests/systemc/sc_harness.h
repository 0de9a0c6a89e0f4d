// Test harness for the SystemC twins: a stream tester (the stream bench of
// systemc/stream_bench.h: a source with random input-valid gaps and a sink with
// random ready stalls on one seeded Pacer, a scoreboard and the AXI4-Stream
// protocol check), a harness of one stream DUT and its tester, MVTU cases built
// from random models and the golden reference, a simulation runner, a bench
// running many harnesses side by side, and a tester driving a block without streams
// from a table of cycles.
//
// SystemC elaborates once per process: every TEST builds all its harnesses
// (as many configurations as it likes, side by side on one clock), runs them
// with one sc_start loop and checks them. ctest runs each TEST in its own
// process; running the binary by hand runs only the first TEST that simulates
// (the others are skipped with a message), so use --gtest_filter there.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>

#include "contract/model.h"
#include "cycle_case.h"
#include "plan/mvtu_config.h"
#include "rebnet_bits.h"
#include "rebnet_mvtu.h"
#include "stream_bench.h"
#include "test_rng.h"

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

using Random = rebnet::test::Rng;

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
      const auto& t = h->tester;  // a StreamTester or a CycleTester
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

// ---------------------------------------------------------------------------
// Blocks without streams (the MVTU's sub-blocks), driven from a table of cycles
// (tests/support/cycle_case.h) that the RTL twin's tests use too. A CycleHarness has
// what StreamBench needs (tester, dut, describe()), so many run side by side.

// Owns a signal per table port, bound to the DUT's port of that name: while in reset
// it drives cycle 0's inputs; at the edge ending cycle t it checks the outputs as they
// were before the edge, then drives cycle t+1's.
SC_MODULE(CycleTester) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};

  CycleTester(sc_core::sc_module_name name, const blocktest::CycleCase& c);
  SC_HAS_PROCESS(CycleTester);

  template <class T>
  void input(sc_core::sc_in<T>& port) {
    const size_t i = index(c_.inputs(), port.basename());
    auto& s = signal<T>(port.basename(), from_bits<T>(c_.in(0)[i]));
    port(s);
    drivers_[i] = [&s](const Bits& b) { s.write(from_bits<T>(b)); };
  }
  template <class T>
  void output(sc_core::sc_out<T>& port) {
    const size_t i = index(c_.outputs(), port.basename());
    auto& s = signal<T>(port.basename(), from_bits<T>(Bits(c_.outputs()[i].width)));
    port(s);
    samplers_[i] = [&s] { return to_bits(s.read()); };
  }

  bool done() const { return checked_ == c_.cycles(); }
  size_t received() const { return checked_; }  // cycles checked
  size_t total_expected() const { return c_.cycles(); }
  size_t error_count() const { return error_count_; }
  std::vector<std::string> errors() const { return errors_; }  // the first few

 private:
  template <class T>
  static T from_bits(const Bits& b) {
    if constexpr (std::is_same_v<T, Bits>)
      return b;
    else
      return static_cast<T>(b.get(0, std::min<uint32_t>(b.width(), 32)));
  }
  template <class T>
  static Bits to_bits(const T& v) {
    if constexpr (std::is_same_v<T, Bits>)
      return v;
    else
      return blocktest::value(32, v);
  }
  template <class T>
  sc_core::sc_signal<T>& signal(const char* name, const T& initial) {
    auto s = std::make_shared<sc_core::sc_signal<T>>(name, initial);
    signals_.push_back(s);
    return *s;
  }
  size_t index(const std::vector<blocktest::Port>& ports, const std::string& name);
  void start_of_simulation() override;  // every table port bound?
  void drive(size_t t);
  void clocked();
  void error(const std::string& what);

  const blocktest::CycleCase& c_;
  std::vector<std::function<void(const Bits&)>> drivers_;  // by table port
  std::vector<std::function<Bits()>> samplers_;
  std::vector<std::shared_ptr<void>> signals_;  // sc_signal<T>s of any T
  size_t checked_ = 0, error_count_ = 0;
  std::vector<std::string> errors_;
};

// One DUT (SystemC name dut_name, built from cfg) and its CycleTester; the derived
// harness binds every DUT port of the table with tester.input() / tester.output().
template <class Dut>
struct CycleHarness : sc_core::sc_module {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  blocktest::CycleCase c;
  CycleTester tester;
  Dut dut;

  CycleHarness(sc_core::sc_module_name name, const blocktest::CycleCase& test_case,
               const char* dut_name, const MvtuConfig& cfg)
      : sc_core::sc_module(name), c(test_case), tester("tester", c), dut(dut_name, cfg) {
    tester.clk_i(clk_i);
    tester.rst_ni(rst_ni);
    if constexpr (requires { dut.clk_i; }) {
      dut.clk_i(clk_i);
      dut.rst_ni(rst_ni);
    }
  }
  std::string describe() const { return c.describe(); }
};

// Cycle harnesses (Harness(name, case, cfg)) side by side on one clock, each given the
// edges its table needs.
template <class Harness>
class CycleBench : public StreamBench<Harness> {
 public:
  void add_case(const blocktest::CycleCase& c, const MvtuConfig& cfg) {
    this->allow(c.cycles());
    this->add(c, cfg);
  }
};

}  // namespace rebnet::sc::test
