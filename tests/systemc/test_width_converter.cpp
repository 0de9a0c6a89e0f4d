// rebnet_width_converter under random gaps and stalls: every output word against
// the expected regrouping (the last word of a vector zero-padded), and its
// no-stall timing. One elaboration per TEST (see sc_harness.h).
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "rebnet_width_converter.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

struct WcCase {
  WidthConverterConfig cfg;
  uint32_t vectors = 4;
  double in_gap = 0.3, out_stall = 0.3;
  uint64_t seed = 1;
  std::string describe() const {
    std::ostringstream s;
    s << "InElems " << cfg.InElems << " OutElems " << cfg.OutElems << " VectorElems "
      << cfg.VectorElems << " ElemBits " << cfg.ElemBits << " gap " << in_gap << " stall "
      << out_stall << " seed " << seed;
    return s.str();
  }
};

// Random elements; in words of InElems, expected words of OutElems, the last
// word of each vector zero-padded.
StreamPhase wc_phase(const WcCase& c) {
  const WidthConverterConfig& k = c.cfg;
  Random rng(c.seed);
  StreamPhase ph;
  for (uint32_t v = 0; v < c.vectors; ++v) {
    const Bits elems = rng.bits(k.VectorElems * k.ElemBits);
    for (uint32_t i = 0; i < k.VectorElems; i += k.InElems) {
      Bits w(k.InElems * k.ElemBits);
      w.put_range(0, elems, i * k.ElemBits, k.InElems * k.ElemBits);
      ph.in.push_back(w);
    }
    for (uint32_t i = 0; i < k.VectorElems; i += k.OutElems) {
      Bits w(k.OutElems * k.ElemBits);
      const uint32_t n = std::min(k.OutElems, k.VectorElems - i);
      w.put_range(0, elems, i * k.ElemBits, n * k.ElemBits);
      ph.expected.push_back(w);
    }
  }
  return ph;
}

struct WcHarness : StreamHarness<rebnet_width_converter, WcCase> {
  WcHarness(sc_core::sc_module_name name, const WcCase& wc)
      : StreamHarness(name, wc, "u_width_converter", wc.cfg, wc.cfg.InElems * wc.cfg.ElemBits,
                      wc.cfg.OutElems * wc.cfg.ElemBits, {wc_phase(wc)}, wc.in_gap, wc.out_stall,
                      wc.seed ^ 0x77) {}
};

WcCase wc(uint32_t in, uint32_t out, uint32_t ve, uint32_t bits, uint64_t seed) {
  WcCase c;
  c.cfg = {in, out, ve, bits};
  c.seed = seed;
  return c;
}

TEST(SystemcWidthConverter, InWiderThanOut) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(201);
  StreamBench<WcHarness>(100000).run_cases(
      std::vector<WcCase>{wc(8, 3, 16, 2, s), wc(6, 4, 12, 3, s + 1), wc(16, 5, 32, 1, s + 2),
                          wc(4, 1, 8, 8, s + 3), wc(64, 16, 128, 2, s + 4)});
}

TEST(SystemcWidthConverter, InNarrowerThanOut) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(202);
  StreamBench<WcHarness>(100000).run_cases(
      std::vector<WcCase>{wc(2, 3, 8, 2, s), wc(1, 8, 13, 1, s + 1), wc(3, 64, 9, 8, s + 2),
                          wc(4, 16, 64, 3, s + 3), wc(1, 2, 1, 5, s + 4)});
}

TEST(SystemcWidthConverter, EqualWidths) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(203);
  std::vector<WcCase> cases = {wc(4, 4, 12, 3, s), wc(1, 1, 7, 8, s + 1), wc(5, 5, 10, 48, s + 2)};
  std::vector<WcCase> timed = cases;
  for (WcCase& c : timed) {
    c.in_gap = c.out_stall = 0;
    c.seed += 10;
  }
  cases.insert(cases.end(), timed.begin(), timed.end());
  StreamBench<WcHarness> bench(100000);
  bench.run_cases(cases);
  // With no stalls a word passes through in one cycle, one word per cycle
  // within a vector; after a vector's last word in_ready_o stays low (recv_q ==
  // VectorElems) until that word has left: one idle input cycle per vector.
  for (const auto& h : bench.harnesses()) {
    if (h->c.in_gap != 0) continue;
    SCOPED_TRACE(h->c.describe());
    const auto& in = h->tester.in_edges();
    const auto& out = h->tester.out_edges();
    const uint32_t words_per_vector = h->c.cfg.VectorElems / h->c.cfg.InElems;
    ASSERT_EQ(in.size(), out.size());
    for (size_t i = 0; i < in.size(); ++i) {
      EXPECT_EQ(out[i], in[i] + 1) << "word " << i;
      if (i > 0) {
        EXPECT_EQ(in[i] - in[i - 1], i % words_per_vector == 0 ? 2u : 1u) << "word " << i;
      }
    }
  }
}

TEST(SystemcWidthConverter, VectorNotMultipleOfOut) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(204);
  StreamBench<WcHarness>(100000).run_cases(
      std::vector<WcCase>{wc(4, 3, 8, 2, s), wc(5, 8, 10, 48, s + 1), wc(2, 7, 6, 1, s + 2),
                          wc(9, 4, 27, 7, s + 3), wc(3, 5, 3, 8, s + 4)});
}

TEST(SystemcWidthConverter, RandomConfigurations) {
  CLAIM_ELABORATION();
  const auto draw = [](Random& r, WcCase& c) {
    c.cfg.InElems = r.uniform(1, 12);
    c.cfg.OutElems = r.uniform(1, 12);
    c.cfg.VectorElems = c.cfg.InElems * r.uniform(1, 6);
    c.cfg.ElemBits = r.chance(0.2) ? r.uniform(9, 48) : r.uniform(1, 8);
    c.vectors = r.uniform(1, 5);
  };
  StreamBench<WcHarness>(200000).run_cases(random_cases<WcCase>(base_seed(2000), 40, draw));
}

}  // namespace
}  // namespace rebnet::sc::test
