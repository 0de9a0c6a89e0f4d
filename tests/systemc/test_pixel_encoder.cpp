// rebnet_pixel_encoder against the golden model's encode_pixels (tests/support/
// pixel_encoder_cases.h, shared with the RTL test): every pixel level count,
// with and without gaps and stalls. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "block_bench.h"
#include "pixel_encoder_cases.h"
#include "rebnet_pixel_encoder.h"

namespace rebnet::sc::test {
namespace {

using EncoderBench = BlockBench<rebnet_pixel_encoder, PixelEncoderConfig>;

TEST(SystemcPixelEncoder, AllLevels) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(701);
  EncoderBench b;
  uint64_t i = 0;
  for (uint32_t p = 1; p <= 8; ++p)
    for (uint32_t elems : {1u, 3u, 8u}) {
      const blocktest::EncoderSet s{"p" + std::to_string(p) + "e" + std::to_string(elems), elems,
                                    p};
      for (auto [gap, stall] : {std::pair{0.3, 0.4}, std::pair{0.0, 0.0}}) {
        b.add("u_pixel_encoder", {elems, p}, blocktest::encoder_case(s, 40, seed + i), s.describe(),
              gap, stall, seed + i);
        ++i;
      }
    }
  b.run_and_check();
}

TEST(SystemcPixelEncoder, ConfigChecks) {
  EXPECT_EQ(check_message(PixelEncoderConfig{4, 0}),
            "pixel encoder: PixelLevels = 0, expected 1..8");
  EXPECT_EQ(check_message(PixelEncoderConfig{0, 8}),
            "pixel encoder: Elems = 0, expected at least 1");
  EXPECT_EQ(check_message(PixelEncoderConfig{1, 8}), "");
}

}  // namespace
}  // namespace rebnet::sc::test
