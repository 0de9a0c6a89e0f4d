// rebnet_width_converter and rebnet_stream_fifo under random gaps and stalls:
// every output word against the expected regrouping / order, plus their
// no-stall timing. One elaboration per TEST (see sc_harness.h).
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "rebnet_stream_fifo.h"
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

struct FifoCase {
  StreamFifoConfig cfg;
  uint32_t words = 200;
  double in_gap = 0.3, out_stall = 0.3;
  uint64_t seed = 1;
  std::string describe() const {
    std::ostringstream s;
    s << "Depth " << cfg.Depth << " Width " << cfg.Width << " gap " << in_gap << " stall "
      << out_stall << " seed " << seed;
    return s.str();
  }
};

StreamPhase fifo_phase(const FifoCase& c) {
  Random rng(c.seed);
  StreamPhase ph;
  for (uint32_t i = 0; i < c.words; ++i) ph.in.push_back(rng.bits(c.cfg.Width));
  ph.expected = ph.in;
  return ph;
}

struct FifoHarness : StreamHarness<rebnet_stream_fifo, FifoCase> {
  FifoHarness(sc_core::sc_module_name name, const FifoCase& fc)
      : StreamHarness(name, fc, "u_fifo", fc.cfg, fc.cfg.Width, fc.cfg.Width, {fifo_phase(fc)},
                      fc.in_gap, fc.out_stall, fc.seed ^ 0x55) {}
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

FifoCase fifo(uint32_t depth, uint32_t width, double gap, double stall, uint64_t seed) {
  FifoCase c;
  c.cfg = {depth, width};
  c.in_gap = gap;
  c.out_stall = stall;
  c.seed = seed;
  return c;
}

TEST(SystemcStreamFifo, RandomTraffic) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(301);
  std::vector<FifoCase> cases;
  uint64_t i = 0;
  for (uint32_t depth : {1u, 2u, 3u, 8u})
    for (uint32_t width : {1u, 7u, 100u})
      for (double stall : {0.1, 0.5, 0.9}) cases.push_back(fifo(depth, width, 0.3, stall, s + i++));
  StreamBench<FifoHarness>(100000).run_cases(cases);
}

TEST(SystemcStreamFifo, ThroughputAndLatency) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(302);
  StreamBench<FifoHarness> bench(10000);
  bench.run_cases(std::vector<FifoCase>{fifo(1, 8, 0, 0, s), fifo(2, 8, 0, 0, s + 1),
                                        fifo(8, 64, 0, 0, s + 2)});
  for (const auto& h : bench.harnesses()) {
    SCOPED_TRACE(h->c.describe());
    const auto& in = h->tester.in_edges();
    const auto& out = h->tester.out_edges();
    ASSERT_EQ(in.size(), out.size());
    // Depth 1 refuses a push while full, even with a pop: one word per 2 cycles.
    const uint64_t interval = h->c.cfg.Depth == 1 ? 2 : 1;
    for (size_t i = 0; i < in.size(); ++i) {
      EXPECT_EQ(out[i], in[i] + 1) << "word " << i;
      if (i > 0) {
        EXPECT_EQ(in[i] - in[i - 1], interval) << "word " << i;
      }
    }
  }
}

// Bits against a vector<bool> model: fields across word boundaries, signed
// reads, ranges, shifts. No simulation.
TEST(SystemcBits, FieldsAcrossWords) {
  Random rng(base_seed(401));
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
}  // namespace rebnet::sc::test
