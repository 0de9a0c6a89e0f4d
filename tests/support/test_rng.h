// The tests' seeded random source: std::mt19937_64, whose sequence the standard
// fixes, so a printed seed replays a case on every machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "plan/bits.h"

namespace rebnet::test {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  uint32_t uniform(uint32_t lo, uint32_t hi) {  // inclusive
    return lo + static_cast<uint32_t>(engine_() % (uint64_t{hi} - lo + 1));
  }
  uint32_t pick(const std::vector<uint32_t>& options) {
    return options[uniform(0, static_cast<uint32_t>(options.size() - 1))];
  }
  uint32_t divisor(uint32_t n) {
    std::vector<uint32_t> d;
    for (uint32_t i = 1; i <= n; ++i)
      if (n % i == 0) d.push_back(i);
    return pick(d);
  }
  bool chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  // A gap or stall probability for a random configuration: 0, 0.2, 0.5 or 0.8.
  double pacing() {
    static const double p[] = {0.0, 0.2, 0.5, 0.8};
    return p[uniform(0, 3)];
  }
  std::vector<uint8_t> bytes(size_t n) {
    std::vector<uint8_t> v(n);
    for (uint8_t& b : v) b = static_cast<uint8_t>(engine_());
    return v;
  }
  Bits bits(uint32_t width) {
    Bits b(width);
    for (uint32_t i = 0; i < width; i += 64) b.put(i, std::min<uint32_t>(64, width - i), next());
    return b;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace rebnet::test
