// RtlTwin: what the co-simulation bench (cosim_bench.h) needs from the Verilated
// RTL twin of rebnet_network, without seeing a Verilator header. The Verilated
// side (verilated_twin.h) implements it in whatever binary holds the Verilated
// model: a test executable (linked in) or a cached plugin that `rebnet cosim`
// loads with dlopen (rtl_twin_plugin.cpp, rtl_build.h). So this header is the
// whole binary interface between the two: plain types, SystemC signals and one
// factory; bump kRtlTwinAbi when it changes (it is part of the cache key).
#pragma once

#include <cstdint>
#include <string>

#include <systemc>

namespace rebnet::tb {

inline constexpr int kRtlTwinAbi = 2;

// A read-only view of one RTL signal, in Verilator's storage: 1..8 bits in a
// uint8_t (CData), ..16 in uint16_t, ..32 in uint32_t, ..64 in uint64_t, wider
// in ceil(width/32) uint32_t words, least significant first (VlWide).
enum class RawKind : uint8_t { U8, U16, U32, U64, Wide };
struct RawSignal {
  const void* data = nullptr;
  RawKind kind = RawKind::U8;
  uint32_t width = 0;
};

inline RawKind raw_kind_for(uint32_t width) {
  return width <= 8 ? RawKind::U8 : width <= 16 ? RawKind::U16
       : width <= 32 ? RawKind::U32 : width <= 64 ? RawKind::U64 : RawKind::Wide;
}

// The inputs the bench drives into both twins (the same signals).
struct RtlInputs {
  sc_core::sc_signal_in_if<bool>* clk = nullptr;
  sc_core::sc_signal_in_if<bool>* rst_n = nullptr;
  sc_core::sc_signal<uint32_t>* levels = nullptr;
  sc_core::sc_signal<bool>* in_valid = nullptr;
  sc_core::sc_signal<bool>* out_ready = nullptr;
  bool trace_ever_on = false;  // Verilated::traceEverOn before the model is built
};

class RtlTwin {
 public:
  virtual ~RtlTwin() = default;
  // The Verilated module (an sc_module named as given to the factory).
  virtual sc_core::sc_module& module() = 0;
  virtual uint32_t in_bits() const = 0;
  virtual uint32_t out_bits() const = 0;
  // Drives in_data_i: in_bits() bits from `words` (64-bit words, bit 0 first).
  virtual void write_in_data(const uint64_t* words) = 0;
  // Copies the top-level outputs into the views below (call when they are settled).
  virtual void sample() = 0;
  virtual RawSignal in_ready() const = 0;
  virtual RawSignal out_valid() const = 0;
  virtual RawSignal out_data() const = 0;
  // A /*verilator public_flat_rd*/ signal of the top module by name (e.g.
  // "l0_mvtu_data"); false when there is none.
  virtual bool find(const std::string& name, RawSignal& out) const = 0;
  // FST waveform (the model must be built with --trace-fst); open after
  // elaboration (sc_start(SC_ZERO_TIME)). Throws std::runtime_error without tracing.
  virtual void open_trace(const std::string& path) = 0;
  virtual void close_trace() = 0;
  // Runs final blocks; call once at the end.
  virtual void final() = 0;
};

// The plugin's entry point (extern "C", see rtl_twin_plugin.cpp): creates the
// Verilated model as an sc_module called `name` (under the current module, if any) and
// binds clk_i, rst_ni, levels_i, in_valid_i and out_ready_i to `inputs`.
// `abi` must equal kRtlTwinAbi (else it returns nullptr).
using RtlTwinFactory = RtlTwin* (*)(int abi, const char* name, const RtlInputs& inputs);
inline constexpr const char* kRtlTwinFactorySymbol = "rebnet_make_rtl_twin";

}  // namespace rebnet::tb
