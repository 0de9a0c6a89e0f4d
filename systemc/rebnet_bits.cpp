#include "rebnet_bits.h"

namespace rebnet {
namespace {

// The trace file's copy of a traced Bits value: one sc_bv of the value's width.
class ScBitsMirror : public BitsMirror {
 public:
  explicit ScBitsMirror(uint32_t width) : bv_(static_cast<int>(width)) {}
  void refresh(const Bits& value) override {
    if (bv_.length() != static_cast<int>(value.width())) return;  // width fixed when traced
    for (uint32_t i = 0; i < (value.width() + 31) / 32; ++i)
      bv_.set_word(static_cast<int>(i),
                   static_cast<sc_dt::sc_digit>(value.data()[i / 2] >> (32 * (i % 2))));
  }
  const sc_dt::sc_bv_base& bv() const { return bv_; }

 private:
  sc_dt::sc_bv_base bv_;
};

}  // namespace

void sc_trace(sc_core::sc_trace_file* tf, const Bits& b, const std::string& name) {
  if (!tf || b.width() == 0) return;
  if (!b.mirror())
    b.attach_mirror(std::make_unique<ScBitsMirror>(b.width()));
  else
    b.mirror()->refresh(b);
  sc_core::sc_trace(tf, static_cast<const ScBitsMirror*>(b.mirror())->bv(), name);
}

}  // namespace rebnet

namespace rebnet::sc {

void trace_uint(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<uint32_t>& s,
                const std::string& name, uint32_t width) {
  sc_core::sc_trace(tf, s.read(), name, static_cast<int>(width));
}

void trace_bool(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<bool>& s,
                const std::string& name) {
  sc_core::sc_trace(tf, s.read(), name);
}

void trace_bits(sc_core::sc_trace_file* tf, const sc_core::sc_signal_in_if<Bits>& s,
                const std::string& name) {
  sc_trace(tf, s.read(), name);
}

void trace_reg(sc_core::sc_trace_file* tf, const Reg<uint32_t>& r, uint32_t width) {
  trace_uint(tf, r.q, r.q.name(), width);
  trace_uint(tf, r.d, r.d.name(), width);
}

void trace_reg(sc_core::sc_trace_file* tf, const Reg<bool>& r) {
  trace_bool(tf, r.q, r.q.name());
  trace_bool(tf, r.d, r.d.name());
}

void trace_reg(sc_core::sc_trace_file* tf, const Reg<Bits>& r) {
  trace_bits(tf, r.q, r.q.name());
  trace_bits(tf, r.d, r.d.name());
}

}  // namespace rebnet::sc
