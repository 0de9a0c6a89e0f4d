#include "plan/bits.h"

#include <ostream>

namespace rebnet {

Bits& Bits::operator=(const Bits& other) {
  if (this != &other) {
    width_ = other.width_;
    words_ = other.words_;
  }
  if (mirror_) mirror_->refresh(*this);
  return *this;
}

Bits& Bits::operator=(Bits&& other) noexcept {
  if (this != &other) {
    width_ = other.width_;
    words_ = std::move(other.words_);
  }
  if (mirror_) mirror_->refresh(*this);
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

void Bits::attach_mirror(std::unique_ptr<BitsMirror> mirror) const {
  mirror_ = std::move(mirror);
  mirror_->refresh(*this);
}

std::ostream& operator<<(std::ostream& os, const Bits& b) { return os << b.hex(); }

}  // namespace rebnet
