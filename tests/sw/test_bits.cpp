// rebnet::Bits (sw/plan/bits.h), the models' wide value, against a vector<bool>
// model: fields across word boundaries, signed reads, ranges, shifts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "plan/bits.h"
#include "test_rng.h"

namespace rebnet {
namespace {

TEST(Bits, FieldsAcrossWords) {
  test::Rng rng(401);
  for (int round = 0; round < 2000; ++round) {
    const uint32_t width = rng.uniform(1, 300);
    Bits b(width);
    std::vector<bool> m(width, false);
    for (int op = 0; op < 20; ++op) {
      const uint32_t lsb = rng.uniform(0, width - 1);
      const uint32_t n = rng.uniform(0, std::min<uint32_t>(64, width - lsb));
      const uint64_t v = rng.next();
      switch (rng.uniform(0, 3)) {
        case 0:
          b.put(lsb, n, v);
          for (uint32_t i = 0; i < n; ++i) m[lsb + i] = (v >> i) & 1u;
          break;
        case 1: {
          const uint32_t sh = rng.uniform(0, width + 3);
          b.shift_down(sh);
          for (uint32_t i = 0; i < width; ++i) m[i] = i + sh < width ? bool(m[i + sh]) : false;
          break;
        }
        case 2: {
          const Bits src = rng.bits(width);
          const uint32_t src_lsb = rng.uniform(0, width - 1);
          const uint32_t len = rng.uniform(0, std::min(width - lsb, width - src_lsb));
          b.put_range(lsb, src, src_lsb, len);
          for (uint32_t i = 0; i < len; ++i) m[lsb + i] = src.bit(src_lsb + i);
          break;
        }
        default:
          b.set_bit(lsb, v & 1u);
          m[lsb] = v & 1u;
      }
      uint64_t want = 0;
      for (uint32_t i = 0; i < n; ++i) want |= uint64_t{m[lsb + i]} << i;
      ASSERT_EQ(b.get(lsb, n), want) << "width " << width << " lsb " << lsb << " n " << n;
      if (n > 0 && n < 64) {
        const int64_t sw = m[lsb + n - 1] ? static_cast<int64_t>(want | (~uint64_t{0} << n))
                                          : static_cast<int64_t>(want);
        ASSERT_EQ(b.get_signed(lsb, n), sw);
      }
    }
    for (uint32_t i = 0; i < width; ++i) ASSERT_EQ(b.bit(i), m[i]) << "bit " << i;
    // Bits beyond the width stay 0: equality with a copy built bit by bit.
    Bits copy(width);
    for (uint32_t i = 0; i < width; ++i) copy.set_bit(i, m[i]);
    ASSERT_EQ(b, copy);
  }
  Bits h(10);
  h.put(0, 10, 0x2a5);
  EXPECT_EQ(h.hex(), "10'h2a5");
}

}  // namespace
}  // namespace rebnet
