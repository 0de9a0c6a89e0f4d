// rebnet_max_pool, rebnet_label_select and rebnet_pixel_encoder against the
// golden model (expected words from tests/rtl/pool_select_cases.h, shared with
// the RTL tests): random valid gaps and ready stalls, several frames back to
// back, awkward sizes; with no gaps and no stalls the cycle timing is checked
// with the same rule as the RTL tests. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "contract/error.h"
#include "pool_select_cases.h"
#include "rebnet_label_select.h"
#include "rebnet_max_pool.h"
#include "rebnet_pixel_encoder.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

using blocktest::StreamCase;

Bits to_bits(const blocktest::Word& w) {
  Bits b(w.width);
  for (uint32_t i = 0; i < w.width; i += 64)
    b.put(i, std::min<uint32_t>(64, w.width - i), w.chunks[i / 64]);
  return b;
}

StreamPhase to_phase(const StreamCase& c) {
  StreamPhase ph;
  for (const blocktest::Word& w : c.in) ph.in.push_back(to_bits(w));
  for (const blocktest::Word& w : c.expected) ph.expected.push_back(to_bits(w));
  return ph;
}

// A block's case: the stream, the pacing and a description.
struct BlockCase {
  StreamCase stream;
  std::string what;
  double in_gap, out_stall;
  std::string describe() const { return what; }
};

// Harnesses side by side on one clock, run to completion, then checked: the
// scoreboards, and the timing of every harness without gaps and stalls.
template <class Dut, class Cfg>
class Bench : public StreamBench<StreamHarness<Dut, BlockCase>> {
  using Base = StreamBench<StreamHarness<Dut, BlockCase>>;

 public:
  void add(const char* dut_name, const Cfg& cfg, const StreamCase& c, const std::string& describe,
           double gap, double stall, uint64_t seed) {
    this->allow(50 * (c.in.size() + c.expected.size()) + 200);
    const std::string what = describe + " gap " + std::to_string(gap) + " stall " +
                             std::to_string(stall) + " seed " + std::to_string(seed);
    Base::add(BlockCase{c, what, gap, stall}, dut_name, cfg, c.in_bits, c.out_bits,
              std::vector<StreamPhase>{to_phase(c)}, gap, stall, seed);
  }
  void run_and_check() {
    Base::run_and_check();
    for (const auto& h : this->harnesses()) {
      SCOPED_TRACE(h->describe());
      const StreamTester& t = h->tester;
      if (h->c.in_gap == 0 && h->c.out_stall == 0) {
        EXPECT_EQ(blocktest::check_timing(h->c.stream, t.in_edges(), t.out_edges()), "");
      }
    }
  }
};

// Every set at every pacing, side by side; seeds seed, seed + 1, ... in that order.
struct Pacing {
  uint32_t frames;
  double gap, stall;
};
template <class B, class Set>
void run_sets(uint64_t seed, const std::vector<Set>& sets, std::initializer_list<Pacing> pacings,
              void (*add)(B&, const Set&, uint32_t, double, double, uint64_t)) {
  B b;
  uint64_t i = 0;
  for (const Set& s : sets)
    for (const Pacing& p : pacings) add(b, s, p.frames, p.gap, p.stall, seed + i++);
  b.run_and_check();
}

// ---------------------------------------------------------------- rebnet_max_pool

using PoolBench = Bench<rebnet_max_pool, MaxPoolConfig>;

MaxPoolConfig pool_config(const blocktest::PoolSet& s) {
  return {s.channels, s.width, s.height, s.elems, s.elem_bits};
}

void add_pool(PoolBench& b, const blocktest::PoolSet& s, uint32_t frames, double gap, double stall,
              uint64_t seed) {
  b.add("u_max_pool", pool_config(s), blocktest::pool_case(s, frames, seed), s.describe(), gap,
        stall, seed ^ 0x900d);
}

// Odd H and W, Elems = 1 and Elems = Channels, ElemBits 1 and 8, the smallest frame.
const std::vector<blocktest::PoolSet> kPoolSets = {
    {"odd5x5", 4, 5, 5, 2, 2}, {"elems1", 3, 3, 3, 1, 8}, {"elemsC", 8, 6, 4, 8, 1},
    {"oddH", 6, 4, 7, 3, 3},   {"tiny", 1, 2, 2, 1, 1},   {"wide", 64, 7, 3, 16, 2},
    {"row2", 5, 9, 2, 5, 8},   {"col2", 2, 2, 6, 1, 4},
};

TEST(SystemcMaxPool, AwkwardSizesWithStalls) {
  CLAIM_ELABORATION();
  run_sets(base_seed(501), kPoolSets, {{3, 0.3, 0.4}, {2, 0.1, 0.8}}, add_pool);
}

TEST(SystemcMaxPool, Timing) {
  CLAIM_ELABORATION();
  run_sets(base_seed(502), kPoolSets, {{3, 0, 0}}, add_pool);
}

TEST(SystemcMaxPool, RandomConfigurations) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(5000);
  PoolBench b;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    blocktest::PoolSet s;
    s.name = "random" + std::to_string(i);
    s.elems = r.uniform(1, 6);
    s.channels = s.elems * r.uniform(1, 4);
    s.width = r.uniform(2, 9);
    s.height = r.uniform(2, 7);
    s.elem_bits = r.uniform(1, 8);
    add_pool(b, s, r.uniform(1, 3), r.pacing(), r.pacing(), seed + i);
  }
  b.run_and_check();
}

// Contract section 13 (d): 2 rows x 3 columns x 2 channels of 2-level codes, one
// pixel per word (channel 0 in bits 1:0). Channel 0: bytes 0 2 1 2 -> 1 (10 beats
// 01); channel 1: bytes 3 1 2 0 -> 3; column 2 (bytes 3 3 and 0 0) is dropped.
TEST(SystemcMaxPool, ContractExample) {
  CLAIM_ELABORATION();
  StreamCase c;
  c.in_bits = c.out_bits = 4;
  const uint64_t pixels[] = {0x0 | 3 << 2, 0x2 | 1 << 2, 0x3 | 0 << 2,   // row 0
                             0x1 | 2 << 2, 0x2 | 0 << 2, 0x3 | 0 << 2};  // row 1
  for (uint64_t p : pixels) {
    c.in.emplace_back(4);
    c.in.back().put(0, 4, p);
  }
  c.expected.emplace_back(4);
  c.expected.back().put(0, 4, 0x1 | 3 << 2);
  PoolBench b;
  b.add("u_max_pool", {2, 3, 2, 2, 2}, c, "contract example (d)", 0.3, 0.3, 1);
  b.run_and_check();
}

// ------------------------------------------------------------ rebnet_label_select

using SelectBench = Bench<rebnet_label_select, LabelSelectConfig>;

void add_select(SelectBench& b, const blocktest::SelectSet& s, uint32_t frames, double gap,
                double stall, uint64_t seed) {
  b.add("u_label_select", {s.classes, s.pe}, blocktest::select_case(s, frames, seed), s.describe(),
        gap, stall, seed ^ 0x5e1ec7);
}

// Classes = Pe, Pe = 1, one class, odd sizes.
const std::vector<blocktest::SelectSet> kSelectSets = {
    {"c10p2", 10, 2}, {"c10p10", 10, 10}, {"c10p1", 10, 1}, {"c1p1", 1, 1},
    {"c7p7", 7, 7},   {"c12p3", 12, 3},   {"c64p8", 64, 8},
};

TEST(SystemcLabelSelect, SizesWithStalls) {
  CLAIM_ELABORATION();
  run_sets(base_seed(601), kSelectSets, {{12, 0.3, 0.4}, {12, 0.1, 0.8}}, add_select);
}

TEST(SystemcLabelSelect, Timing) {
  CLAIM_ELABORATION();
  run_sets(base_seed(602), kSelectSets, {{12, 0, 0}}, add_select);
}

// ----------------------------------------------------------- rebnet_pixel_encoder

using EncoderBench = Bench<rebnet_pixel_encoder, PixelEncoderConfig>;

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

// ---------------------------------------------------------------- configurations

template <class Cfg>
std::string check_message(const Cfg& cfg) {
  try {
    cfg.check();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SystemcPoolSelect, ConfigChecks) {
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 4, 3, 1}),
            "max pool: Elems = 3, expected a divisor of Channels = 8");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 1, 4, 2, 1}),
            "max pool: InWidth = 1, expected at least 2");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 1, 2, 1}),
            "max pool: InHeight = 1, expected at least 2");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 4, 2, 9}), "max pool: ElemBits = 9, expected 1..8");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 3, 3, 8, 8}), "");
  EXPECT_EQ(check_message(LabelSelectConfig{10, 3}),
            "label select: Pe = 3, expected a divisor of Classes = 10");
  EXPECT_EQ(check_message(LabelSelectConfig{0, 1}),
            "label select: Classes = 0, expected 1..65536 (the label is 16 bits)");
  EXPECT_EQ(check_message(LabelSelectConfig{10, 5}), "");
  EXPECT_EQ(check_message(PixelEncoderConfig{4, 0}),
            "pixel encoder: PixelLevels = 0, expected 1..8");
  EXPECT_EQ(check_message(PixelEncoderConfig{0, 8}),
            "pixel encoder: Elems = 0, expected at least 1");
  EXPECT_EQ(check_message(PixelEncoderConfig{1, 8}), "");
}

}  // namespace
}  // namespace rebnet::sc::test
