// Bits: the value type of every stream and packed per-PE bus of the hardware
// models and of the RTL generator's memory images. Its width is chosen at run time
// (one build serves every folding); the bits live in 64-bit words (bit i of the bus
// = bit i%64 of word i/64, the RTL's packed-vector order).
//
// Why not sc_bv<kMax>/sc_biguint: those fix the width at compile time (a
// 64 x 8-bit stream already needs 512 bits, a Pe*Simd weight word thousands)
// and cost a per-bit or per-digit loop on every copy and compare; Bits copies
// and compares whole 64-bit words and extracts fields with shifts.
//
// A traced value (systemc/rebnet_bits.h) carries a BitsMirror that every
// assignment refreshes; untraced values never pay for it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace rebnet {


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

class Bits;

// Something told of every assignment to a Bits value (a trace file's copy of it).
class BitsMirror {
 public:
  virtual ~BitsMirror() = default;
  virtual void refresh(const Bits& value) = 0;
};

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

  // Keeps `mirror` in step with this object's value from now on (a wave viewer's copy:
  // systemc/rebnet_bits.h); the object must outlive it.
  void attach_mirror(std::unique_ptr<BitsMirror> mirror) const;
  BitsMirror* mirror() const { return mirror_.get(); }

 private:
  uint32_t width_ = 0;
  std::vector<uint64_t> words_;
  mutable std::unique_ptr<BitsMirror> mirror_;  // only while traced
};

std::ostream& operator<<(std::ostream& os, const Bits& b);

}  // namespace rebnet
