// Clocking, port access, random pacing, the stream driver and the cycle-table driver
// shared by the Verilated RTL block tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <verilated.h>

#include "cycle_case.h"
#include "mvtu_layer.h"
#include "plan/bits.h"
#include "stream_case.h"

namespace rebnet::rtltest {

// splitmix64: the same sequence everywhere, so a printed seed reproduces a run.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

// Stimulus seed: REBNET_RTL_SEED if set, else the test's fixed default; always printed.
inline uint64_t stimulus_seed(uint64_t fallback) {
  uint64_t seed = fallback;
  if (const char* env = std::getenv("REBNET_RTL_SEED")) seed = std::strtoull(env, nullptr, 0);
  std::cout << "stimulus seed " << seed << " (override with REBNET_RTL_SEED)" << std::endl;
  return seed;
}

// Port access for every Verilator port type (CData .. QData, VlWide<N>).
template <class T>
  requires std::is_integral_v<T>
void put(T& port, const Bits& b, uint32_t width) {
  port = static_cast<T>(b.get(0, width));
}
// VlWide holds 32-bit words (EData), Bits 64-bit ones.
template <std::size_t N>
void put(VlWide<N>& port, const Bits& b, uint32_t /*width*/) {
  for (std::size_t i = 0; i < N; ++i)
    port[i] = i / 2 < b.num_words() ? static_cast<EData>(b.data()[i / 2] >> (32 * (i % 2))) : 0;
}
template <class T>
  requires std::is_integral_v<T>
Bits get(const T& port, uint32_t width) {
  Bits b(width);
  b.put(0, width, static_cast<uint64_t>(port));
  return b;
}
template <std::size_t N>
Bits get(const VlWide<N>& port, uint32_t width) {
  Bits b(width);
  for (std::size_t i = 0; i / 2 < b.num_words() && i < N; ++i)
    b.data()[i / 2] |= uint64_t{port[i]} << (32 * (i % 2));
  return b;
}

// A Verilated model in a context of its own: settle() evaluates the inputs set
// since; the derived Sim classes add reset() and tick(), counted by cycle().
template <class V>
class SimBase {
 public:
  SimBase() : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->randReset(0);
    top_ = std::make_unique<V>(ctx_.get(), "top");
  }
  ~SimBase() { top_->final(); }
  V& top() { return *top_; }
  uint64_t cycle() const { return cycle_; }
  bool failed() const { return ctx_->gotError() || ctx_->gotFinish(); }
  void settle() { top_->eval(); }

 protected:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> top_;
  uint64_t cycle_ = 0;
};

// A Verilated block with clk_i / rst_ni. Inputs are set before tick(); the caller
// settles them (clock low) and samples its handshakes, then tick() clocks.
template <class V>
class Sim : public SimBase<V> {
 public:
  // A block without rst_ni (rebnet_weight_mem) is only clocked twice.
  void reset() {
    constexpr bool has_reset = requires(V& v) { v.rst_ni; };
    this->top_->clk_i = 0;
    if constexpr (has_reset) this->top_->rst_ni = 0;
    this->top_->eval();
    for (int i = 0; i < 2; ++i) tick();
    if constexpr (has_reset) this->top_->rst_ni = 1;
    this->top_->eval();
    this->cycle_ = 0;
  }
  // Rising then falling edge; cycle() counts completed cycles.
  void tick() {
    this->top_->clk_i = 1;
    this->top_->eval();
    this->ctx_->timeInc(1);
    this->top_->clk_i = 0;
    this->top_->eval();
    this->ctx_->timeInc(1);
    ++this->cycle_;
  }
};

using blocktest::StreamWords;

struct StreamRun {
  std::vector<uint64_t> in_cycles, out_cycles;  // cycles of the transfers
  bool ok = true;
};

// A wrong output word's description after "output word <index>: expected .., got ..".
using WordDetail = std::function<std::string(size_t index, const Bits& want, const Bits& got)>;

// Resets the block (a Sim, or a class with its interface; other inputs set by the
// caller), then offers the input words (each next one with chance p_valid per
// cycle, held until taken) and accepts output words with chance p_ready per cycle;
// each must be the next expected word; then, for idle_cycles, no more output may
// come and the input must be ready. The first failure (timeout after `limit`
// cycles, a wrong or extra word, an RTL assertion, input not ready when idle) is
// reported with ADD_FAILURE as "<what>: <why>" and ends the run with ok = false.
template <class S>
StreamRun drive_stream(S& sim, const StreamWords& words, double p_valid, double p_ready,
                       uint64_t limit, Rng& rng, const std::string& what = "",
                       const WordDetail& detail = {}, int idle_cycles = 32) {
  StreamRun run;
  auto& top = sim.top();
  const std::vector<Bits>& in = words.in;
  const std::vector<Bits>& expected = words.expected;
  top.in_valid_i = 0;
  top.out_ready_i = 0;
  put(top.in_data_i, Bits(words.in_bits), words.in_bits);
  sim.reset();
  size_t next_in = 0, next_out = 0;
  bool offering = false;
  const auto fail = [&](const std::string& why) {
    ADD_FAILURE() << (what.empty() ? why : what + ": " + why);
    run.ok = false;
    return run;
  };
  while (next_out < expected.size() || next_in < in.size()) {
    if (sim.cycle() > limit)
      return fail("timeout: " + std::to_string(next_in) + " of " + std::to_string(in.size()) +
                  " words in, " + std::to_string(next_out) + " of " +
                  std::to_string(expected.size()) + " out");
    if (!offering && next_in < in.size() && rng.chance(p_valid)) {
      offering = true;
      put(top.in_data_i, in[next_in], words.in_bits);
    }
    top.in_valid_i = offering;
    top.out_ready_i = rng.chance(p_ready);
    sim.settle();
    if (offering && top.in_ready_o) {
      run.in_cycles.push_back(sim.cycle());
      offering = false;
      ++next_in;
    }
    if (top.out_valid_o && top.out_ready_i) {
      if (next_out >= expected.size())
        return fail("extra output word at cycle " + std::to_string(sim.cycle()));
      const Bits got = get(top.out_data_o, words.out_bits);
      const Bits& want = expected[next_out];
      const std::string got_hex = got.hex(), want_hex = want.hex();
      if (got_hex != want_hex)
        return fail("output word " + std::to_string(next_out) + ": expected " + want_hex +
                    ", got " + got_hex + (detail ? detail(next_out, want, got) : ""));
      run.out_cycles.push_back(sim.cycle());
      ++next_out;
    }
    sim.tick();
    if (sim.failed())
      return fail("an RTL assertion failed at cycle " + std::to_string(sim.cycle()));
  }
  top.in_valid_i = 0;
  top.out_ready_i = 1;
  for (int i = 0; i < idle_cycles; ++i) {
    sim.settle();
    if (top.out_valid_o) return fail("extra output word at cycle " + std::to_string(sim.cycle()));
    sim.tick();
  }
  if (!top.in_ready_o) return fail("input not ready when idle");
  return run;
}

// The random tests' three pacing regimes (sparse input, stalled output, both
// busy), in order until run(p_valid, p_ready) returns false.
template <class Run>
void for_each_pacing(Run run) {
  for (auto [pv, pr] : {std::pair{0.3, 0.9}, std::pair{0.9, 0.25}, std::pair{0.6, 0.6}}) {
    SCOPED_TRACE("p_valid " + std::to_string(pv) + ", p_ready " + std::to_string(pr));
    if (!run(pv, pr)) return;
  }
}

// ---------------------------------------------------------------------------
// Blocks without streams (the MVTU's sub-blocks), driven from a table of cycles
// (tests/support/cycle_case.h) that the SystemC twin's tests use too.

// A Verilated port under the table's port name.
struct CyclePort {
  std::string name;
  std::function<void(const Bits&)> drive;
  std::function<Bits(uint32_t width)> sample;
};
template <class P>
CyclePort cycle_port(std::string name, P& port) {
  return {std::move(name), [&port](const Bits& b) { put(port, b, b.width()); },
          [&port](uint32_t width) { return get(port, width); }};
}

// Drives cycle 0's inputs through reset, then every cycle: its inputs, settle, the
// outputs against the table, the clock edge (a Sim; a SimBase is combinational: no
// reset, no clock). The first difference, RTL assertion or table port missing from
// `ports` is reported with ADD_FAILURE; returns true when every cycle matched.
template <class S>
bool run_cycles(S& sim, const blocktest::CycleCase& c, const std::vector<CyclePort>& ports) {
  const auto find = [&](const std::vector<blocktest::Port>& names) {
    std::vector<const CyclePort*> found;
    for (const blocktest::Port& n : names)
      for (const CyclePort& p : ports)
        if (p.name == n.name) found.push_back(&p);
    return found;
  };
  const std::vector<const CyclePort*> in = find(c.inputs()), out = find(c.outputs());
  if (in.size() != c.inputs().size() || out.size() != c.outputs().size()) {
    ADD_FAILURE() << c.describe() << ": the test leaves a port of the table unbound";
    return false;
  }
  const auto drive = [&](size_t t) {
    for (size_t i = 0; i < in.size(); ++i) in[i]->drive(c.in(t)[i]);
  };
  constexpr bool clocked = requires { sim.tick(); };
  drive(0);
  if constexpr (clocked) sim.reset();
  for (size_t t = 0; t < c.cycles(); ++t) {
    drive(t);
    sim.settle();
    std::vector<Bits> got;
    for (size_t i = 0; i < out.size(); ++i) got.push_back(out[i]->sample(c.outputs()[i].width));
    if (const std::string e = c.check(t, got); !e.empty()) {
      ADD_FAILURE() << c.describe() << ": " << e;
      return false;
    }
    if constexpr (clocked) sim.tick();
    if (sim.failed()) {
      ADD_FAILURE() << c.describe() << ": an RTL assertion failed in cycle " << t;
      return false;
    }
  }
  return true;
}

}  // namespace rebnet::rtltest
