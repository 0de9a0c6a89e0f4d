// Clocking, port access and random pacing shared by the Verilated RTL block tests.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>

#include <verilated.h>

#include "mvtu_layer.h"

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
template <std::size_t N>
void put(VlWide<N>& port, const Bits& b, uint32_t /*width*/) {
  for (std::size_t i = 0; i < N; ++i) port[i] = i < b.words.size() ? b.words[i] : 0;
}
template <class T>
  requires std::is_integral_v<T>
Bits get(const T& port, uint32_t width) {
  Bits b(width);
  b.set(0, width, static_cast<uint64_t>(port));
  return b;
}
template <std::size_t N>
Bits get(const VlWide<N>& port, uint32_t width) {
  Bits b(width);
  for (std::size_t i = 0; i < b.words.size() && i < N; ++i) b.words[i] = port[i];
  return b;
}

// A Verilated block with clk_i / rst_ni. Inputs are set before step(); step() first
// settles them (clock low), then the caller's handshakes are sampled by `sample`,
// then the rising edge.
template <class V>
class Sim {
 public:
  Sim() : ctx_(std::make_unique<VerilatedContext>()) {
    ctx_->randReset(0);
    top_ = std::make_unique<V>(ctx_.get(), "top");
  }
  ~Sim() { top_->final(); }
  V& top() { return *top_; }
  uint64_t cycle() const { return cycle_; }
  bool failed() const { return ctx_->gotError() || ctx_->gotFinish(); }

  void reset() {
    top_->clk_i = 0;
    top_->rst_ni = 0;
    top_->eval();
    for (int i = 0; i < 2; ++i) tick();
    top_->rst_ni = 1;
    top_->eval();
    cycle_ = 0;
  }
  void settle() { top_->eval(); }
  // Rising then falling edge; cycle() counts completed cycles.
  void tick() {
    top_->clk_i = 1;
    top_->eval();
    ctx_->timeInc(1);
    top_->clk_i = 0;
    top_->eval();
    ctx_->timeInc(1);
    ++cycle_;
  }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> top_;
  uint64_t cycle_ = 0;
};

}  // namespace rebnet::rtltest
