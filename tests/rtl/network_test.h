// Generated networks (rebnet export-rtl's rebnet_network, and its rebnet_axi_top: the
// AXI bridge rtl/rebnet_axi_bridge.sv around it) driven frame by frame with random valid
// gaps and ready stalls; every frame's label and scores must equal the golden model
// (FastModel::run) at the same k.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/model_file.h"
#include "golden/fast.h"
#include "rtl_harness.h"

namespace rebnet::rtltest {

// What the test needs of the network plan (rtl_netgen writes it as plan.json).
struct PlanSummary {
  uint32_t input_elems = 0, classes = 0, max_levels = 0, in_bits_ = 0, out_bits_ = 0;
  uint64_t frame_in_words = 0;
  uint32_t in_bits() const { return in_bits_; }
  uint32_t out_bits() const { return out_bits_; }
};

struct NetworkCase {
  Model model;
  PlanSummary plan;
  uint32_t frame_bytes = 0;
};

inline NetworkCase load_network_case(const std::string& dir) {
  NetworkCase c;
  c.model = read_model(dir + "/model.rbn");
  std::ifstream in(dir + "/plan.json");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str());
  c.plan.input_elems = j.at("input_elems").get<uint32_t>();
  c.plan.classes = j.at("classes").get<uint32_t>();
  c.plan.max_levels = j.at("max_levels").get<uint32_t>();
  c.plan.frame_in_words = j.at("frame_in_words").get<uint64_t>();
  c.plan.in_bits_ = j.at("in_bits").get<uint32_t>();
  c.plan.out_bits_ = j.at("out_bits").get<uint32_t>();
  c.frame_bytes = static_cast<uint32_t>(c.model.input.elements());
  return c;
}

// The process's working directory is `dir` while one lives: the generated package names
// the memory images relative to the export (mem/...), and a Verilated network reads them
// at its first evaluation.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const std::filesystem::path& dir)
      : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~WorkingDirectory() { std::filesystem::current_path(previous_); }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;

 private:
  std::filesystem::path previous_;
};

// Random frames and the golden model's results for them at run-time level count k.
struct Frames {
  std::vector<std::vector<uint8_t>> pixels;
  std::vector<Result> expected;
};

inline Frames make_frames(const NetworkCase& c, uint32_t count, uint32_t k, Rng& rng) {
  Frames f;
  const FastModel golden(c.model);
  for (uint32_t i = 0; i < count; ++i) {
    std::vector<uint8_t> px(c.frame_bytes);
    for (uint8_t& p : px) p = static_cast<uint8_t>(rng.next());
    f.expected.push_back(golden.run(px.data(), k));
    f.pixels.push_back(std::move(px));
  }
  return f;
}

// Input word w of a frame: pixels w*E .. w*E+E-1, pixel e at [8e +: 8].
inline Bits input_word(const NetworkCase& c, const std::vector<uint8_t>& px, uint32_t w,
                       uint32_t width) {
  Bits b(width);
  for (uint32_t e = 0; e < c.plan.input_elems; ++e) b.put(8 * e, 8, px[w * c.plan.input_elems + e]);
  return b;
}

// The result word: label at [15:0], score j at [16 + 48j +: 48] (signed).
inline Result decode_result(const Bits& word, uint32_t classes) {
  Result r;
  r.label = static_cast<uint32_t>(word.get(0, 16));
  for (uint32_t j = 0; j < classes; ++j) {
    const uint64_t v = word.get(16 + 48 * j, 48);
    r.scores.push_back(static_cast<int64_t>(v << 16) >> 16);
  }
  return r;
}

inline std::string describe(const Result& r) {
  std::string s = "label " + std::to_string(r.label) + ", scores";
  for (int64_t v : r.scores) s += " " + std::to_string(v);
  return s;
}

// Streams `frames` through rebnet_network (ports in_*, out_*, levels_i) at level count k.
template <class V>
void run_network(const std::string& dir, uint32_t k, uint32_t count, double p_valid,
                 double p_ready, uint64_t seed) {
  const NetworkCase c = load_network_case(dir);
  Rng rng(stimulus_seed(seed + k));
  const Frames frames = make_frames(c, count, k, rng);
  const uint32_t in_w = c.plan.in_bits(), out_w = c.plan.out_bits();
  const uint64_t words = c.plan.frame_in_words;

  const WorkingDirectory in_export(dir + "/rtl");
  Sim<V> sim;
  V& top = sim.top();
  top.levels_i = k;
  top.in_valid_i = 0;
  top.out_ready_i = 0;
  put(top.in_data_i, Bits(in_w), in_w);
  sim.reset();
  uint64_t next_in = 0;  // words over all frames
  size_t next_out = 0;
  bool offering = false;
  const uint64_t limit = 200000 + 20000 * uint64_t{count};
  while (next_out < count) {
    ASSERT_LT(sim.cycle(), limit) << "timeout: " << next_in << " words in, " << next_out
                                  << " of " << count << " frames out";
    if (!offering && next_in < words * count && rng.chance(p_valid)) {
      offering = true;
      put(top.in_data_i,
          input_word(c, frames.pixels[next_in / words], static_cast<uint32_t>(next_in % words),
                     in_w),
          in_w);
    }
    top.in_valid_i = offering;
    top.out_ready_i = rng.chance(p_ready);
    sim.settle();
    if (offering && top.in_ready_o) {
      offering = false;
      ++next_in;
    }
    if (top.out_valid_o && top.out_ready_i) {
      ASSERT_LT(next_out, frames.expected.size()) << "extra result at cycle " << sim.cycle();
      const Result got = decode_result(get(top.out_data_o, out_w), c.plan.classes);
      const Result& want = frames.expected[next_out];
      ASSERT_EQ(got, want) << "frame " << next_out << " at k = " << k << ": got "
                           << describe(got) << ", want " << describe(want);
      ++next_out;
    }
    sim.tick();
    ASSERT_FALSE(sim.failed()) << "an RTL assertion failed at cycle " << sim.cycle();
  }
  EXPECT_EQ(next_in, words * count) << "frames done before all input was taken";
  top.in_valid_i = 0;
  top.out_ready_i = 1;
  for (int i = 0; i < 64; ++i) {
    sim.settle();
    ASSERT_FALSE(top.out_valid_o) << "extra result at cycle " << sim.cycle();
    sim.tick();
  }
  EXPECT_TRUE(top.in_ready_o) << "input not ready when idle";
}

// rebnet_axi_top: AXI4-Lite register access, one transfer at a time.
template <class V>
class AxiLite {
 public:
  explicit AxiLite(Sim<V>& sim) : sim_(sim) {}
  // Returns bresp.
  uint32_t write(uint32_t addr, uint32_t data, uint32_t strb = 0xf) {
    V& t = sim_.top();
    t.s_axil_awaddr = addr;
    t.s_axil_wdata = data;
    t.s_axil_wstrb = strb;
    t.s_axil_awvalid = 1;
    t.s_axil_wvalid = 1;
    t.s_axil_bready = 1;
    for (int i = 0; i < 16; ++i) {
      sim_.settle();
      const bool accepted = t.s_axil_awready && t.s_axil_wready;
      sim_.tick();
      if (accepted) break;
    }
    t.s_axil_awvalid = 0;
    t.s_axil_wvalid = 0;
    for (int i = 0; i < 16; ++i) {
      sim_.settle();
      if (t.s_axil_bvalid) {
        const uint32_t resp = t.s_axil_bresp;
        sim_.tick();
        t.s_axil_bready = 0;
        return resp;
      }
      sim_.tick();
    }
    ADD_FAILURE() << "no write response";
    return 0xff;
  }
  // Returns {rdata, rresp}.
  std::pair<uint32_t, uint32_t> read(uint32_t addr) {
    V& t = sim_.top();
    t.s_axil_araddr = addr;
    t.s_axil_arvalid = 1;
    t.s_axil_rready = 1;
    for (int i = 0; i < 16; ++i) {
      sim_.settle();
      const bool accepted = t.s_axil_arready;
      sim_.tick();
      if (accepted) break;
    }
    t.s_axil_arvalid = 0;
    for (int i = 0; i < 16; ++i) {
      sim_.settle();
      if (t.s_axil_rvalid) {
        const std::pair<uint32_t, uint32_t> r{t.s_axil_rdata, t.s_axil_rresp};
        sim_.tick();
        t.s_axil_rready = 0;
        return r;
      }
      sim_.tick();
    }
    ADD_FAILURE() << "no read data";
    return {0, 0xff};
  }

 private:
  Sim<V>& sim_;
};

// The AXI board top: registers (reset value, legal and illegal writes, the frame
// counter), then frames through s_axis / m_axis with stalls at k = 1.
template <class V>
void run_axi_top(const std::string& dir, uint32_t count, double p_valid, double p_ready,
                 uint64_t seed) {
  const NetworkCase c = load_network_case(dir);
  const uint32_t max_levels = c.plan.max_levels;
  Rng rng(stimulus_seed(seed));
  const uint32_t k = 1;
  const Frames frames = make_frames(c, count, k, rng);
  const uint32_t in_w = (c.plan.in_bits() + 7) / 8 * 8, out_w = (c.plan.out_bits() + 7) / 8 * 8;
  const uint64_t words = c.plan.frame_in_words;
  constexpr uint32_t kOkay = 0, kSlverr = 2;

  const WorkingDirectory in_export(dir + "/rtl");
  Sim<V> sim;
  V& top = sim.top();
  top.s_axis_tvalid = 0;
  top.m_axis_tready = 0;
  top.s_axil_awvalid = 0;
  top.s_axil_wvalid = 0;
  top.s_axil_bready = 0;
  top.s_axil_arvalid = 0;
  top.s_axil_rready = 0;
  put(top.s_axis_tdata, Bits(in_w), in_w);
  sim.reset();
  AxiLite<V> axil(sim);
  EXPECT_EQ(axil.read(0x0), std::make_pair(max_levels, kOkay)) << "LEVELS reset value";
  EXPECT_EQ(axil.read(0x8), std::make_pair(max_levels, kOkay)) << "MAX_LEVELS";
  EXPECT_EQ(axil.read(0x4), std::make_pair(0u, kOkay)) << "FRAMES after reset";
  EXPECT_EQ(axil.read(0xc).second, kSlverr) << "unmapped read";
  EXPECT_EQ(axil.write(0x0, 0), kSlverr) << "LEVELS = 0 must be refused";
  EXPECT_EQ(axil.write(0x0, max_levels + 1), kSlverr) << "LEVELS above MaxLevels refused";
  EXPECT_EQ(axil.write(0x4, 7), kSlverr) << "FRAMES is read-only";
  EXPECT_EQ(axil.read(0x0).first, max_levels) << "refused writes keep LEVELS";
  EXPECT_EQ(axil.write(0x0, k), kOkay);
  EXPECT_EQ(axil.read(0x0).first, k);
  ASSERT_FALSE(sim.failed());

  uint64_t next_in = 0;
  size_t next_out = 0;
  bool offering = false;
  const uint64_t limit = sim.cycle() + 200000 + 20000 * uint64_t{count};
  while (next_out < count) {
    ASSERT_LT(sim.cycle(), limit) << "timeout: " << next_out << " of " << count << " frames";
    if (!offering && next_in < words * count && rng.chance(p_valid)) {
      offering = true;
      put(top.s_axis_tdata,
          input_word(c, frames.pixels[next_in / words], static_cast<uint32_t>(next_in % words),
                     in_w),
          in_w);
    }
    top.s_axis_tvalid = offering;
    top.m_axis_tready = rng.chance(p_ready);
    sim.settle();
    if (offering && top.s_axis_tready) {
      offering = false;
      ++next_in;
    }
    if (top.m_axis_tvalid && top.m_axis_tready) {
      const Bits word = get(top.m_axis_tdata, out_w);
      const Result got = decode_result(word, c.plan.classes);
      ASSERT_EQ(got, frames.expected[next_out])
          << "frame " << next_out << ": got " << describe(got) << ", want "
          << describe(frames.expected[next_out]);
      for (uint32_t b = c.plan.out_bits(); b < out_w; ++b)
        ASSERT_EQ(word.get(b, 1), 0u) << "tdata padding bit " << b;
      ++next_out;
    }
    sim.tick();
    ASSERT_FALSE(sim.failed()) << "an RTL assertion failed at cycle " << sim.cycle();
  }
  top.s_axis_tvalid = 0;
  top.m_axis_tready = 0;
  EXPECT_EQ(axil.read(0x4), std::make_pair(count, kOkay)) << "FRAMES";
}

}  // namespace rebnet::rtltest
