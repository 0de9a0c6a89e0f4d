// Bits: the value type of every stream and packed per-PE bus of the SystemC
// twins. Its width is chosen at run time (one build serves every folding),
// the bits live in 64-bit words (bit i of the bus = bit i%64 of word i/64, the
// RTL's packed-vector order), and it traces into a VCD as one bus of exactly
// that width, so a wave viewer shows the same bus as for the RTL.
//
// Why not sc_bv<kMax>/sc_biguint: those fix the width at compile time (a
// 64 x 8-bit stream already needs 512 bits, a Pe*Simd weight word thousands)
// and cost a per-bit or per-digit loop on every copy and compare; Bits copies
// and compares whole 64-bit words and extracts fields with shifts.
//
// Tracing: sc_trace() attaches a mirror sc_bv_base to the traced object (the
// sc_signal's current value) and every assignment into that object refreshes
// the mirror; untraced values never pay for it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <systemc>

namespace rebnet::sc {

// ceil(log2(x)) for x >= 1; clog2(1) = 0.
inline uint32_t clog2(uint64_t x) {
  uint32_t r = 0;
  while (r < 64 && (uint64_t{1} << r) < x) ++r;
  return r;
}

// Population count of a 64-bit word without relying on the POPCNT instruction
// (the build targets baseline x86-64, where std::popcount is a libgcc call).
inline uint32_t popcount64(uint64_t x) {
#if defined(__POPCNT__)
  return static_cast<uint32_t>(__builtin_popcountll(x));
#else
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<uint32_t>((x * 0x0101010101010101ull) >> 56);
#endif
}

// Width of an RTL register holding 0..max_value (at least 1 bit).
inline uint32_t bits_for(uint64_t max_value) { return std::max<uint32_t>(1, clog2(max_value + 1)); }

class Bits {
 public:
  Bits() = default;
  explicit Bits(uint32_t width) : width_(width), words_((width + 63) / 64, 0) {}
  Bits(const Bits& other) : width_(other.width_), words_(other.words_) {}
  Bits(Bits&& other) noexcept : width_(other.width_), words_(std::move(other.words_)) {}
  Bits& operator=(const Bits& other);
  Bits& operator=(Bits&& other) noexcept;
  ~Bits();

  uint32_t width() const { return width_; }
  uint32_t num_words() const { return static_cast<uint32_t>(words_.size()); }
  const uint64_t* data() const { return words_.data(); }
  uint64_t* data() { return words_.data(); }

  bool bit(uint32_t i) const { return (words_[i >> 6] >> (i & 63)) & 1u; }
  void set_bit(uint32_t i, bool value) {
    const uint64_t m = uint64_t{1} << (i & 63);
    words_[i >> 6] = value ? (words_[i >> 6] | m) : (words_[i >> 6] & ~m);
  }
  // Bits [lsb +: n], n <= 64, zero-extended / sign-extended.
  uint64_t get(uint32_t lsb, uint32_t n) const {
    if (n == 0) return 0;
    const uint32_t w = lsb >> 6, o = lsb & 63;
    uint64_t v = words_[w] >> o;
    if (o != 0 && o + n > 64) v |= words_[w + 1] << (64 - o);
    return n == 64 ? v : v & ((uint64_t{1} << n) - 1);
  }
  int64_t get_signed(uint32_t lsb, uint32_t n) const {
    const uint64_t v = get(lsb, n);
    if (n == 0 || n == 64) return static_cast<int64_t>(v);
    const uint64_t sign = uint64_t{1} << (n - 1);
    return static_cast<int64_t>((v ^ sign) - sign);
  }
  // Writes the low n bits of value to [lsb +: n], n <= 64.
  void put(uint32_t lsb, uint32_t n, uint64_t value) {
    if (n == 0) return;
    const uint64_t mask = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    value &= mask;
    const uint32_t w = lsb >> 6, o = lsb & 63;
    words_[w] = (words_[w] & ~(mask << o)) | (value << o);
    if (o != 0 && o + n > 64) {
      const uint64_t hmask = (uint64_t{1} << (o + n - 64)) - 1;
      words_[w + 1] = (words_[w + 1] & ~hmask) | (value >> (64 - o));
    }
  }
  // Copies src[src_lsb +: n] to this[lsb +: n].
  void put_range(uint32_t lsb, const Bits& src, uint32_t src_lsb, uint32_t n);
  // this >>= n (logical; zeros enter at the top).
  void shift_down(uint32_t n);
  void clear() { std::fill(words_.begin(), words_.end(), 0); }
  bool any() const;

  bool operator==(const Bits& other) const {
    return width_ == other.width_ && words_ == other.words_;
  }
  bool operator!=(const Bits& other) const { return !(*this == other); }

  // "<width>'h<hex>", most significant digit first.
  std::string hex() const;

  // Traces this object (which must outlive the trace file) as one bus.
  void trace(sc_core::sc_trace_file* tf, const std::string& name) const;

 private:
  void refresh_mirror() const;

  uint32_t width_ = 0;
  std::vector<uint64_t> words_;
  mutable std::unique_ptr<sc_dt::sc_bv_base> mirror_;  // only while traced
};

std::ostream& operator<<(std::ostream& os, const Bits& b);
void sc_trace(sc_core::sc_trace_file* tf, const Bits& b, const std::string& name);

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
    port->read().trace(tf, port.name());
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
