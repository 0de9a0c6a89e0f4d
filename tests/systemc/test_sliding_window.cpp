// rebnet_sliding_window under random gaps and stalls: every output word against
// the window order of tests/support/sliding_window_cases.h (several frames back to back), plus
// the no-stall timing the RTL twin meets too (swu_check_timing), plus the
// configuration checks. One elaboration per TEST (see sc_harness.h).
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "contract/error.h"
#include "rebnet_sliding_window.h"
#include "sc_harness.h"
#include "sliding_window_cases.h"

namespace rebnet::sc::test {
namespace {

using rebnet::test::SwuShape;

struct SwuCase {
  SlidingWindowConfig cfg;
  uint32_t frames = 3;
  double in_gap = 0.3, out_stall = 0.3;
  uint64_t seed = 1;
  SwuShape shape() const { return {cfg.Channels, cfg.InWidth, cfg.InHeight, cfg.Kernel, cfg.Simd}; }
  std::string describe() const {
    std::ostringstream s;
    s << "Channels " << cfg.Channels << " InWidth " << cfg.InWidth << " InHeight " << cfg.InHeight
      << " Kernel " << cfg.Kernel << " Simd " << cfg.Simd << " ElemBits " << cfg.ElemBits
      << " frames " << frames << " gap " << in_gap << " stall " << out_stall << " seed " << seed;
    return s.str();
  }
};

// Random input words for whole frames; the expected windows from the reference.
StreamPhase swu_phase(const SwuCase& c) {
  Random rng(c.seed);
  StreamPhase ph;
  for (uint64_t i = 0; i < c.frames * c.shape().frame_in_words(); ++i)
    ph.in.push_back(rng.bits(c.cfg.word_bits()));
  ph.expected = rebnet::test::swu_expected(c.shape(), ph.in);
  return ph;
}

struct SwuHarness : StreamHarness<rebnet_sliding_window, SwuCase> {
  SwuHarness(sc_core::sc_module_name name, const SwuCase& sc)
      : StreamHarness(name, sc, "u_sliding_window", sc.cfg, sc.cfg.word_bits(), sc.cfg.word_bits(),
                      {swu_phase(sc)}, sc.in_gap, sc.out_stall, sc.seed ^ 0x5757) {}
};

using SwuBench = StreamBench<SwuHarness>;
constexpr const char* kVcdName = "sliding_window";

SwuCase swu(uint32_t channels, uint32_t width, uint32_t height, uint32_t kernel, uint32_t simd,
            uint32_t elem_bits, uint64_t seed) {
  SwuCase c;
  c.cfg = {channels, width, height, kernel, simd, elem_bits};
  c.seed = seed;
  return c;
}

// The awkward sizes: Simd = 1 and Simd = Channels, K = 1, K = W (one output
// column), K = H (one output row), K = W = H, 1x1 images, non-square images,
// ElemBits 1 / 3 / 8, several words per pixel, words wider than 64 bits, K = 15.
std::vector<SwuCase> awkward_cases(uint64_t s) {
  return {
      swu(3, 5, 4, 3, 1, 2, s),          // Simd = 1, 3 words per pixel
      swu(8, 6, 6, 3, 8, 1, s + 1),      // Simd = C
      swu(4, 3, 2, 1, 2, 3, s + 2),      // K = 1
      swu(2, 3, 5, 3, 1, 8, s + 3),      // K = W: one output column
      swu(6, 7, 2, 2, 3, 3, s + 4),      // K = H: one output row
      swu(4, 2, 2, 2, 4, 8, s + 5),      // K = W = H
      swu(1, 1, 1, 1, 1, 1, s + 6),      // one pixel, one word
      swu(5, 1, 3, 1, 1, 3, s + 7),      // W = 1, K = 1, 5 words per pixel
      swu(4, 9, 4, 3, 2, 1, s + 8),      // wide, short
      swu(16, 12, 10, 5, 4, 2, s + 9),   // K = 5, 4 words per pixel
      swu(32, 4, 3, 2, 16, 8, s + 10),   // 128-bit words
      swu(1, 16, 15, 15, 1, 1, s + 11),  // K = 15 = H
  };
}

TEST(SystemcSlidingWindow, AwkwardSizes) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(501);
  SwuBench(200000).run_cases(awkward_cases(s), kVcdName);
}

TEST(SystemcSlidingWindow, SparseInputAndStalledOutput) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(502);
  std::vector<SwuCase> cases;
  for (SwuCase c : awkward_cases(s)) {
    c.in_gap = 0.8;
    c.out_stall = 0.1;
    cases.push_back(c);
    c.in_gap = 0.05;
    c.out_stall = 0.8;
    c.seed += 100;
    cases.push_back(c);
  }
  SwuBench(400000).run_cases(cases, kVcdName);
}

TEST(SystemcSlidingWindow, RandomConfigurations) {
  CLAIM_ELABORATION();
  const auto draw = [](Random& r, SwuCase& c) {
    c.cfg.Simd = r.uniform(1, 6);
    c.cfg.Channels = c.cfg.Simd * r.uniform(1, 4);
    c.cfg.Kernel = r.uniform(1, 5);
    c.cfg.InWidth = c.cfg.Kernel + r.uniform(0, 6);
    c.cfg.InHeight = c.cfg.Kernel + r.uniform(0, 6);
    c.cfg.ElemBits = r.uniform(1, 8);
    c.frames = r.uniform(1, 4);
  };
  SwuBench(400000).run_cases(random_cases<SwuCase>(base_seed(5000), 40, draw), kVcdName);
}

// No gaps, no stalls: each frame's windows leave in K*K*PixelWords*OutRows*OutCols
// consecutive cycles, the first 2 edges after the input word completing row K-1
// (or right after the previous frame), exactly as in the RTL test.
TEST(SystemcSlidingWindow, NoStallTiming) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(503);
  std::vector<SwuCase> cases = awkward_cases(s);
  for (SwuCase& c : cases) c.in_gap = c.out_stall = 0;
  SwuBench bench(200000);
  bench.run_cases(cases, kVcdName);
  for (const auto& h : bench.harnesses()) {
    SCOPED_TRACE(h->c.describe());
    EXPECT_EQ(
        rebnet::test::swu_check_timing(h->c.shape(), h->tester.in_edges(), h->tester.out_edges()),
        "");
  }
}

// Configuration errors name the parameter, its value and what was expected.
TEST(SystemcSlidingWindow, ConfigCheck) {
  auto message = [](SlidingWindowConfig cfg) -> std::string {
    try {
      cfg.check();
    } catch (const rebnet::Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message({4, 6, 5, 3, 2, 1}), "");
  EXPECT_EQ(message({4, 6, 5, 3, 3, 1}),
            "sliding window: Simd = 3, expected a divisor of Channels = 4");
  EXPECT_EQ(message({4, 6, 5, 3, 0, 1}),
            "sliding window: Simd = 0, expected a divisor of Channels = 4");
  EXPECT_EQ(message({0, 6, 5, 3, 1, 1}), "sliding window: Channels = 0, expected at least 1");
  EXPECT_EQ(message({4, 6, 5, 3, 2, 9}), "sliding window: ElemBits = 9, expected 1..8");
  EXPECT_EQ(message({4, 6, 5, 0, 2, 1}), "sliding window: Kernel = 0, expected 1..15");
  EXPECT_EQ(message({4, 20, 20, 16, 2, 1}), "sliding window: Kernel = 16, expected 1..15");
  EXPECT_EQ(message({4, 2, 5, 3, 2, 1}),
            "sliding window: InWidth = 2, expected at least Kernel = 3");
  EXPECT_EQ(message({4, 6, 2, 3, 2, 1}),
            "sliding window: InHeight = 2, expected at least Kernel = 3");
}

}  // namespace
}  // namespace rebnet::sc::test
