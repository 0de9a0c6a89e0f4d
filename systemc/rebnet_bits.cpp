#include "rebnet_bits.h"

#include <ostream>

namespace rebnet::sc {

Bits& Bits::operator=(const Bits& other) {
  if (this != &other) {
    width_ = other.width_;
    words_ = other.words_;
  }
  if (mirror_) refresh_mirror();
  return *this;
}

Bits& Bits::operator=(Bits&& other) noexcept {
  if (this != &other) {
    width_ = other.width_;
    words_ = std::move(other.words_);
  }
  if (mirror_) refresh_mirror();
  return *this;
}

Bits::~Bits() = default;

void Bits::put_range(uint32_t lsb, const Bits& src, uint32_t src_lsb, uint32_t n) {
  while (n > 0) {
    const uint32_t step = std::min<uint32_t>(n, 64);
    put(lsb, step, src.get(src_lsb, step));
    lsb += step;
    src_lsb += step;
    n -= step;
  }
}

void Bits::shift_down(uint32_t n) {
  if (n == 0) return;
  const size_t nw = words_.size();
  const size_t ws = n >> 6;
  const uint32_t bs = n & 63;
  for (size_t i = 0; i < nw; ++i) {
    const size_t s = i + ws;
    uint64_t v = s < nw ? words_[s] >> bs : 0;
    if (bs != 0 && s + 1 < nw) v |= words_[s + 1] << (64 - bs);
    words_[i] = v;
  }
}

bool Bits::any() const {
  for (uint64_t w : words_)
    if (w) return true;
  return false;
}

std::string Bits::hex() const {
  static const char digits[] = "0123456789abcdef";
  std::string s = std::to_string(width_) + "'h";
  const uint32_t nd = std::max<uint32_t>(1, (width_ + 3) / 4);
  for (uint32_t i = nd; i-- > 0;) {
    const uint32_t lsb = 4 * i;
    s += lsb < width_ ? digits[get(lsb, std::min<uint32_t>(4, width_ - lsb))] : '0';
  }
  return s;
}

void Bits::refresh_mirror() const {
  if (mirror_->length() != static_cast<int>(width_)) return;  // width fixed when traced
  for (uint32_t i = 0; i < (width_ + 31) / 32; ++i)
    mirror_->set_word(static_cast<int>(i),
                      static_cast<sc_dt::sc_digit>(words_[i / 2] >> (32 * (i % 2))));
}

void Bits::trace(sc_core::sc_trace_file* tf, const std::string& name) const {
  if (!tf || width_ == 0) return;
  if (!mirror_) mirror_ = std::make_unique<sc_dt::sc_bv_base>(static_cast<int>(width_));
  refresh_mirror();
  sc_core::sc_trace(tf, *mirror_, name);
}

std::ostream& operator<<(std::ostream& os, const Bits& b) { return os << b.hex(); }

void sc_trace(sc_core::sc_trace_file* tf, const Bits& b, const std::string& name) {
  b.trace(tf, name);
}

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
  s.read().trace(tf, name);
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
