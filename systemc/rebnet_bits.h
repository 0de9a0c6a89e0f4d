// The SystemC side of the models' value type (plan/bits.h): tracing a Bits as one
// bus of exactly its width, so a wave viewer shows the same bus as for the RTL, and the
// register pair (_q, _d) every twin is written with.
#pragma once

#include <string>
#include <type_traits>

#include <systemc>

#include "plan/bits.h"

namespace rebnet {

// Traces `b` (which must outlive the trace file) as one bus; found by argument-dependent
// lookup from sc_signal<Bits>::trace, so it lives in Bits' namespace.
void sc_trace(sc_core::sc_trace_file* tf, const Bits& b, const std::string& name);

}  // namespace rebnet

namespace rebnet::sc {

// A register: the _q and _d sc_signals of one RTL register, named <base>_q and
// <base>_d, with its reset value.
template <class T>
struct Reg {
  Reg(const char* base, const T& reset_value)
      : q((std::string(base) + "_q").c_str(), reset_value),
        d((std::string(base) + "_d").c_str(), reset_value),
        reset(reset_value) {}
  void load() { q.write(d.read()); }
  void apply_reset() { q.write(reset); }
  sc_core::sc_signal<T> q;
  sc_core::sc_signal<T> d;
  const T reset;
};

// The clocked update of registers: their reset values while rst_n is low, else q <= d.
template <class... T>
void update_regs(bool rst_n, Reg<T>&... regs) {
  if (rst_n)
    (regs.load(), ...);
  else
    (regs.apply_reset(), ...);
}

// Tracing helpers with the RTL's widths.
void trace_uint(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<uint32_t>& s,
                const std::string& name, uint32_t width);
void trace_bool(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<bool>& s,
                const std::string& name);
void trace_bits(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<Bits>& s,
                const std::string& name);
void trace_reg(sc_core::sc_trace_file* tf, const Reg<uint32_t>& r, uint32_t width);
void trace_reg(sc_core::sc_trace_file* tf, const Reg<bool>& r);
void trace_reg(sc_core::sc_trace_file* tf, const Reg<Bits>& r);

// Traces a port under its own hierarchical name (call after binding, e.g.
// after sc_start(SC_ZERO_TIME)).
template <class Port>
void trace_port(sc_core::sc_trace_file* tf, const Port& port, uint32_t width) {
  using T = std::decay_t<decltype(port->read())>;
  if constexpr (std::is_same_v<T, bool>)
    sc_core::sc_trace(tf, port->read(), port.name());
  else if constexpr (std::is_same_v<T, uint32_t>)
    sc_core::sc_trace(tf, port->read(), port.name(), static_cast<int>(width));
  else
    sc_trace(tf, port->read(), port.name());
}

// Traces 1-bit and Bits ports (no width to give) under their own names, in order.
template <class... Port>
void trace_ports(sc_core::sc_trace_file* tf, const Port&... ports) {
  static_assert(((!std::is_same_v<std::decay_t<decltype(ports->read())>, uint32_t>) && ...),
                "uint32_t ports need a width: trace_port");
  (trace_port(tf, ports, 1), ...);
}

// Traces a stream block's six handshake ports (in_valid_i, in_ready_o, in_data_i,
// out_valid_o, out_ready_i, out_data_o) in that order.
template <class Module>
void trace_stream_ports(sc_core::sc_trace_file* tf, const Module& m) {
  trace_ports(tf, m.in_valid_i, m.in_ready_o, m.in_data_i, m.out_valid_o, m.out_ready_i,
              m.out_data_o);
}

}  // namespace rebnet::sc
