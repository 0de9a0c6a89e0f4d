// rebnet_mvtu against the golden reference: every output word of every case is
// compared (scoreboard in StreamTester) while the source leaves random gaps and
// the sink stalls at random; timing tests check the spec's cycle counts.
// Every TEST is one elaboration (see sc_harness.h); a TEST may run many
// configurations side by side.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

// MVTU harnesses, each with a generous bound: every word stalled for a while,
// plus the group cycles.
class MvtuBench : public StreamBench<MvtuHarness> {
 public:
  MvtuBench() : StreamBench(1000, 40) {}
  void add_case(const MvtuCase& c) {
    uint64_t work = 0;
    for (const MvtuPhaseData& p : c.phases)
      work += uint64_t{p.vectors} * c.cfg.NF * c.cfg.group_cycles(p.k) + p.in.size() +
              p.expected.size();
    allow(20 * work + 500);
    add(c);
  }
};

MvtuCaseSpec spec(const std::string& name, uint32_t w, uint32_t h, uint32_t simd, uint32_t pe,
                  uint32_t li, uint32_t lo, uint64_t seed) {
  MvtuCaseSpec s;
  s.name = name;
  s.matrix_w = w;
  s.matrix_h = h;
  s.simd = simd;
  s.pe = pe;
  s.levels_in = li;
  s.levels_out = lo;
  s.seed = seed;
  s.in_gap = 0.3;
  s.out_stall = 0.3;
  s.vectors = 4;
  return s;
}

// Runs the given cases side by side with random stalls and checks every word.
void run_cases(const std::vector<MvtuCaseSpec>& specs, const std::string& vcd_name) {
  MvtuBench bench;
  for (const MvtuCaseSpec& s : specs) bench.add_case(make_mvtu_case(s));
  bench.run_and_check(vcd_name);
}

TEST(SystemcMvtu, Simd1) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(101);
  run_cases({spec("simd1-dense", 7, 6, 1, 2, 2, 2, seed),
             spec("simd1-wide-pe", 3, 8, 1, 8, 1, 1, seed + 1)},
            "simd1");
}

TEST(SystemcMvtu, PaddedLastWord) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(102);
  MvtuCaseSpec garbage = spec("w13-simd4-garbage", 13, 4, 4, 2, 2, 2, seed + 2);
  garbage.ks = {1};
  garbage.garbage_levels = true;
  run_cases({spec("w13-simd4", 13, 4, 4, 2, 1, 1, seed), spec("w13-simd4-l3", 13, 6, 4, 3, 3, 2, seed + 1),
             garbage, spec("w5-simd8", 5, 4, 8, 2, 2, 3, seed + 3)},
            "padded");
}

TEST(SystemcMvtu, Pe1) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(103);
  run_cases({spec("pe1", 20, 5, 8, 1, 2, 3, seed), spec("pe1-last", 9, 3, 4, 1, 1, 0, seed + 1)},
            "pe1");
}

TEST(SystemcMvtu, LevelsIn1And3) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(104);
  run_cases({spec("li1", 17, 6, 5, 2, 1, 2, seed), spec("li3", 17, 6, 5, 2, 3, 2, seed + 1),
             spec("li3-last", 11, 4, 3, 2, 3, 0, seed + 2)},
            "levels_in");
}

TEST(SystemcMvtu, LevelsOut1) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(105);
  run_cases({spec("lo1", 12, 6, 4, 3, 2, 1, seed), spec("lo1-s1", 3, 4, 4, 2, 1, 1, seed + 1)},
            "levels_out1");
}

TEST(SystemcMvtu, LevelsOut2) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(106);
  run_cases({spec("lo2", 12, 6, 4, 3, 2, 2, seed), spec("lo2-s1", 2, 4, 2, 4, 1, 2, seed + 1)},
            "levels_out2");
}

TEST(SystemcMvtu, LastLayer) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(107);
  MvtuCaseSpec k1 = spec("last-k1", 10, 6, 3, 3, 3, 0, seed + 2);
  k1.ks = {1};
  run_cases({spec("last", 10, 6, 3, 3, 2, 0, seed), spec("last-s1", 4, 5, 4, 5, 1, 0, seed + 1),
             k1},
            "last");
}

TEST(SystemcMvtu, PixelInput8Levels) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(108);
  MvtuCaseSpec a = spec("pixel8-k3", 9, 4, 4, 2, 8, 2, seed);
  a.pixel_input = true;
  a.ks = {3};  // k < 8: the pixel code keeps all 8 levels, the output gets 2
  MvtuCaseSpec b = a;
  b.name = "pixel8-k1-then-8";
  b.seed = seed + 1;
  b.levels_out = 3;
  b.ks = {1, 8};
  MvtuCaseSpec c = a;
  c.name = "pixel8-last-k2";
  c.seed = seed + 2;
  c.levels_out = 0;
  c.ks = {2};
  run_cases({a, b, c}, "pixel8");
}

TEST(SystemcMvtu, RuntimeLevelsBelowBuilt) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(109);
  MvtuCaseSpec a = spec("k2-of-3", 10, 6, 4, 2, 3, 3, seed);
  a.ks = {2};
  MvtuCaseSpec b = spec("k-phases-3-1-2", 10, 6, 4, 2, 3, 3, seed + 1);
  b.ks = {3, 1, 2};  // the unit drains between phases, then levels_i changes
  b.garbage_levels = true;
  MvtuCaseSpec c = spec("k5-of-8-last", 7, 4, 3, 2, 8, 0, seed + 2);
  c.ks = {5, 8};
  MvtuCaseSpec d = spec("k3-of-8-lo8", 7, 4, 3, 2, 8, 8, seed + 3);
  d.ks = {3, 8};
  run_cases({a, b, c, d}, "runtime_k");
}

TEST(SystemcMvtu, ConvWindows) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(110);
  MvtuCaseSpec a = spec("conv-k2-c4", 0, 4, 2, 2, 2, 2, seed);
  a.conv_kernel = 2;
  a.conv_size = 4;
  a.conv_channels = 4;
  a.matrix_w = 2 * 2 * 4;
  a.vectors = 2;
  MvtuCaseSpec b = a;
  b.name = "conv-pixel-k3-c3";
  b.seed = seed + 1;
  b.pixel_input = true;
  b.levels_in = 8;
  b.conv_kernel = 3;
  b.conv_channels = 3;
  b.conv_size = 4;
  b.simd = 3;
  b.matrix_w = 27;
  b.ks = {2};
  run_cases({a, b}, "conv");
}

TEST(SystemcMvtu, EncoderPacing) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(111);
  // out_levels > SF * in_levels: hold_q stretches every group to out_levels cycles.
  run_cases({spec("lo8-s1", 4, 6, 4, 2, 1, 8, seed), spec("lo5-s2", 6, 4, 3, 4, 1, 5, seed + 1)},
            "pacing");
}

TEST(SystemcMvtu, SmallOutputFifo) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(112);
  std::vector<MvtuCaseSpec> specs;
  for (uint32_t depth : {1u, 2u, 3u}) {
    MvtuCaseSpec s = spec("depth" + std::to_string(depth), 3, 8, 4, 2, 1, 1, seed + depth);
    s.out_fifo_depth = depth;
    s.out_stall = 0.5;
    specs.push_back(s);
    MvtuCaseSpec l = spec("depth" + std::to_string(depth) + "-last", 3, 8, 4, 2, 1, 0, seed + 10 + depth);
    l.out_fifo_depth = depth;
    l.out_stall = 0.5;
    specs.push_back(l);
  }
  run_cases(specs, "small_fifo");
}

TEST(SystemcMvtu, RandomConfigurations) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(1000);
  constexpr int kCases = 48;
  std::vector<MvtuCaseSpec> specs;
  for (int i = 0; i < kCases; ++i)
    specs.push_back(random_mvtu_spec(seed + i, "random" + std::to_string(i)));
  MvtuBench bench;
  int last = 0, conv = 0, pixel = 0, phases = 0, small_k = 0;
  for (const MvtuCaseSpec& s : specs) {
    const MvtuCase c = make_mvtu_case(s);
    bench.add_case(c);
    last += c.cfg.last();
    conv += s.conv_kernel != 0;
    pixel += s.pixel_input;
    phases += s.ks.size() > 1;
    for (uint32_t k : s.ks) small_k += k < std::max(c.cfg.LevelsIn, c.cfg.LevelsOut);
  }
  bench.run_and_check("random");
  std::cout << kCases << " random configurations (seeds " << seed << ".." << seed + kCases - 1
            << "): " << last << " last layers, " << conv << " conv, " << pixel << " pixel inputs, "
            << phases << " with a k change, " << small_k << " phases with k below the built levels\n";
}

// With no stalls: every output word follows the previous one by exactly
// max(SF * in_levels, out_levels) cycles, a vector takes NF times that, and the
// first word leaves SF * in_levels + 4 + encoder_cycles edges after the last input
// word of the first vector (EncSlots * out_levels + 2, or 1 for a last layer).
TEST(SystemcMvtu, SteadyStateAndLatency) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(113);
  std::vector<MvtuCaseSpec> specs = {
      spec("s4-lo1", 13, 4, 4, 2, 1, 1, seed),      spec("s12-lo2", 13, 6, 4, 2, 3, 2, seed + 1),
      spec("s1-lo8", 4, 3, 4, 1, 1, 8, seed + 2),   spec("s1-lo1", 1, 2, 1, 1, 1, 1, seed + 3),
      spec("last-s4", 10, 4, 5, 2, 2, 0, seed + 4), spec("last-s1", 3, 3, 4, 1, 1, 0, seed + 5),
      spec("pixel-k3", 6, 6, 3, 3, 8, 2, seed + 6), spec("k2-of-3", 9, 4, 3, 2, 3, 3, seed + 7),
      spec("simd-gt-w", 5, 2, 8, 2, 2, 3, seed + 8)};
  specs[6].pixel_input = true;
  specs[6].ks = {3};
  specs[7].ks = {2};
  MvtuCaseSpec conv = spec("conv", 0, 4, 2, 2, 2, 2, seed + 9);
  conv.conv_kernel = 2;
  conv.conv_size = 3;
  conv.conv_channels = 2;
  conv.matrix_w = 8;
  conv.vectors = 2;
  specs.push_back(conv);
  MvtuBench bench;
  for (MvtuCaseSpec& s : specs) {
    s.in_gap = 0;
    s.out_stall = 0;
    if (!s.conv_kernel) s.vectors = 5;
    bench.add_case(make_mvtu_case(s));
  }
  EXPECT_TRUE(bench.run("timing"));
  bench.expect_clean();
  for (const auto& h : bench.harnesses()) {
    const MvtuCase& c = h->c;
    const MvtuConfig& cfg = c.cfg;
    SCOPED_TRACE(c.describe());
    const uint32_t k = c.phases[0].k;
    const uint64_t group = cfg.group_cycles(k);
    const uint64_t latency = uint64_t{cfg.SF} * cfg.in_levels(k) + 4 + cfg.encoder_cycles(k);
    const auto& in = h->tester.in_edges();
    const auto& out = h->tester.out_edges();
    ASSERT_EQ(out.size(), c.phases[0].expected.size());
    ASSERT_GE(in.size(), cfg.SF);
    EXPECT_EQ(out[0] - in[cfg.SF - 1], latency) << "latency";
    for (size_t i = 1; i < out.size(); ++i)
      EXPECT_EQ(out[i] - out[i - 1], group) << "interval before output word " << i;
    const uint32_t vectors = c.phases[0].vectors;
    for (uint32_t v = 1; v < vectors; ++v)
      EXPECT_EQ(out[(v + 1) * cfg.NF - 1] - out[v * cfg.NF - 1], uint64_t{cfg.NF} * group)
          << "cycles for vector " << v << " (NF * max(SF * in_levels, out_levels))";
  }
}

// The scoreboard must notice a wrong unit: the DUT gets a corrupted memory image.
TEST(SystemcMvtu, ScoreboardCatchesFaults) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(114);
  MvtuBench bench;
  MvtuCase weight = make_mvtu_case(spec("flipped-weight-bit", 10, 4, 4, 2, 2, 0, seed));
  weight.cfg.weights[1].set_bit(3, !weight.cfg.weights[1].bit(3));
  bench.add_case(weight);
  MvtuCase bias = make_mvtu_case(spec("bias-plus-one", 10, 4, 4, 2, 2, 0, seed + 1));
  bias.cfg.score_bias[1][0] += 1;
  bench.add_case(bias);
  MvtuCaseSpec ts = spec("thresholds-moved", 10, 4, 4, 2, 2, 2, seed + 2);
  ts.vectors = 8;
  MvtuCase thr = make_mvtu_case(ts);
  for (int32_t& t : thr.cfg.thresholds[0]) t = t > 0 ? -static_cast<int32_t>(thr.cfg.B + 1)
                                                      : static_cast<int32_t>(thr.cfg.B + 1);
  bench.add_case(thr);
  EXPECT_TRUE(bench.run());
  for (const auto& h : bench.harnesses()) {
    SCOPED_TRACE(h->c.describe());
    EXPECT_TRUE(h->tester.done());
    EXPECT_GT(h->tester.error_count(), 0u) << "a corrupted unit passed the scoreboard";
  }
}

// The VCD carries the RTL's hierarchical names and widths.
TEST(SystemcMvtu, VcdHasRtlNames) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(115);
  MvtuBench bench;
  const MvtuCase c = make_mvtu_case(spec("trace", 13, 6, 4, 3, 2, 2, seed));
  bench.add_case(c);
  const std::string path = ::testing::TempDir() + "rebnet_mvtu_trace";
  EXPECT_TRUE(bench.run(path));
  bench.expect_clean();
  std::ifstream vcd(path + ".vcd");
  ASSERT_TRUE(vcd.good()) << path << ".vcd";
  std::map<std::string, int> vars;  // full name -> width
  std::vector<std::string> scope;
  std::string token;
  size_t changes = 0;
  while (vcd >> token) {
    if (token == "$scope") {
      std::string kind, name;
      vcd >> kind >> name;
      scope.push_back(name);
    } else if (token == "$upscope") {
      scope.pop_back();
    } else if (token == "$var") {
      std::string type, id, name;
      int width = 0;
      vcd >> type >> width >> id >> name;
      for (std::string rest; vcd >> rest && rest != "$end";) {
      }  // a range such as [7:0]
      std::string full;
      for (const std::string& s : scope)
        if (s != "SystemC") full += s + ".";  // SystemC's own top scope
      vars[full + name] = width;
    } else if (token[0] == '#') {
      ++changes;
    }
  }
  const MvtuConfig& cfg = c.cfg;
  const std::map<std::string, int> want = {
      {"h0.u_mvtu.levels_i", 4},
      {"h0.u_mvtu.in_data_i", int(cfg.in_bits())},
      {"h0.u_mvtu.out_data_o", int(cfg.out_bits())},
      {"h0.u_mvtu.ibuf_q", int(cfg.in_bits())},
      {"h0.u_mvtu.s3_valid_q", 1},
      {"h0.u_mvtu.s1_nf_q", int(bits_for(cfg.NF - 1))},
      {"h0.u_mvtu.u_level_sequencer.nf_q", int(bits_for(cfg.NF - 1))},
      {"h0.u_mvtu.u_level_sequencer.sf_q", int(bits_for(cfg.SF - 1))},
      {"h0.u_mvtu.u_level_sequencer.level_q", 1},
      {"h0.u_mvtu.u_level_sequencer.bank_full_q", 2},
      {"h0.u_mvtu.u_level_sequencer.credit_q", 4},
      {"h0.u_mvtu.u_level_sequencer.hold_q", int(bits_for(cfg.SF * 2 - 1))},
      {"h0.u_mvtu.u_weight_mem.rd_data_q", int(cfg.Pe * cfg.Simd)},
      {"h0.u_mvtu.u_popcount_tree.chunk_q", int(cfg.Pe * cfg.chunks() * 5)},
      {"h0.u_mvtu.u_popcount_tree.count_q", int(cfg.Pe * cfg.count_bits())},
      {"h0.u_mvtu.u_threshold_unit.acc_q", int(cfg.Pe * cfg.AccWidth)},
      {"h0.u_mvtu.u_threshold_unit.enc_bits_q", int(cfg.Pe * 2)},
      {"h0.u_mvtu.u_threshold_unit.enc_active_q", 1},
      {"h0.u_mvtu.u_out_fifo.count_q", 4},
  };
  for (const auto& [name, width] : want) {
    const auto it = vars.find(name);
    ASSERT_NE(it, vars.end()) << name << " is not in the VCD";
    EXPECT_EQ(it->second, width) << name;
  }
  EXPECT_GT(changes, 100u);
}

// Simulation speed on an SFC-sized layer (784 x 256, Simd 64, Pe 16, 2 levels).
TEST(SystemcMvtu, Speed784x256) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(116);
  MvtuCaseSpec s = spec("sfc-784x256", 784, 256, 64, 16, 2, 2, seed);
  s.in_gap = 0;
  s.out_stall = 0;
  s.vectors = 48;
  s.ks = {2};
  MvtuBench bench;
  const MvtuCase c = make_mvtu_case(s);
  bench.add_case(c);
  const uint64_t start = 2;
  EXPECT_TRUE(bench.run());
  bench.expect_clean();
  const double seconds = bench.sim().seconds();
  const uint64_t cycles = bench.harnesses()[0]->tester.out_edges().back() - start;
  std::cout << c.describe() << ": " << cycles << " cycles (" << c.cfg.NF * c.cfg.group_cycles(2)
            << " per vector) in " << seconds << " s = " << static_cast<uint64_t>(cycles / seconds)
            << " cycles/s\n";
}

}  // namespace
}  // namespace rebnet::sc::test
