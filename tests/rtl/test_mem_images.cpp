// The threshold images of a hidden MVTU (sw/rtlgen/mem_images.h) as write_mvtu_images
// writes them: one file per encoder lane, named after the ThresholdFile base the RTL
// gets, each word MvtuConfig::lane_threshold in AccWidth-bit two's complement and
// padding 0, on a layer whose last lane is short (Pe not a multiple of EncSlots).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mvtu_layer.h"
#include "plan/mvtu_config.h"
#include "rtlgen/mem_images.h"

namespace {

namespace fs = std::filesystem;
using namespace rebnet;

// Pe 7 over SF 3: three lanes of three slots (SlotSpan 4), the last lane holding PE 6
// only; 2 output levels: 3 nodes in a NodeSpan of 4.
MvtuConfig short_last_lane_config() {
  const rtltest::MvtuSet set{.name = "lanes", .matrix_w = 24, .matrix_h = 14, .simd = 8,
                             .pe = 7, .levels_in = 2, .levels_out = 2, .scales = {3, 5},
                             .model_seed = 201};
  const rtltest::MvtuModel m = rtltest::make_model(set);
  return make_mvtu_config(m.layer(), {set.pe, set.simd}, set.pixel_input,
                              set.out_fifo_depth);
}

// The words of a $readmemh image as written: hex words only, one per line (std::stoull
// throws on anything else, such as a comment Vivado would refuse).
std::vector<uint64_t> read_image(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<uint64_t> words;
  for (std::string line; std::getline(in, line);)
    words.push_back(std::stoull(line, nullptr, 16));
  return words;
}

TEST(MemImages, ThresholdImagePerLane) {
  const MvtuConfig cfg = short_last_lane_config();
  ASSERT_EQ(cfg.EncLanes, 3u);
  ASSERT_NE(cfg.Pe % cfg.EncSlots, 0u) << "the last lane must be short";
  ASSERT_NE(cfg.Nodes, cfg.NodeSpan) << "node padding must be present";

  const fs::path dir = fs::path(testing::TempDir()) / "rebnet_mem_images";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string prefix = (dir / "u_l1_mvtu_").string();
  rtlgen::write_mvtu_images(cfg, prefix);

  const std::string base = rtlgen::threshold_file_base(prefix);
  EXPECT_EQ(base, prefix + "thresholds");
  std::vector<std::string> expected_paths = {prefix + "weights.mem"};
  for (const char* lane : {"000", "001", "002"})
    expected_paths.push_back(base + "_lane" + lane + ".mem");
  EXPECT_EQ(rtlgen::mvtu_image_paths(cfg, prefix), expected_paths);

  const uint64_t mask = (uint64_t{1} << cfg.AccWidth) - 1;
  uint64_t short_lane_padding = 0, negative = 0;
  for (uint32_t lane = 0; lane < cfg.EncLanes; ++lane) {
    const std::vector<uint64_t> words = read_image(rtlgen::threshold_lane_path(base, lane));
    ASSERT_EQ(words.size(), cfg.thr_depth()) << "lane " << lane;
    for (uint64_t addr = 0; addr < words.size(); ++addr) {
      const int64_t t = cfg.lane_threshold(lane, addr);
      EXPECT_EQ(words[addr], static_cast<uint64_t>(t) & mask) << "lane " << lane << " word " << addr;
      negative += t < 0;
      // Address (nf*SlotSpan + slot)*NodeSpan + node + 1 of PE lane*EncSlots + slot
      // (this test's config has Nodes = 3 in a span of 4: field 0 is padding).
      const uint64_t field = addr % cfg.NodeSpan, slot = addr / cfg.NodeSpan % cfg.SlotSpan;
      const uint64_t nf = addr / cfg.NodeSpan / cfg.SlotSpan, p = lane * cfg.EncSlots + slot;
      const bool no_pe = slot >= cfg.EncSlots || p >= cfg.Pe;
      if (no_pe || field == 0) {
        EXPECT_EQ(words[addr], 0u) << "padding: lane " << lane << " word " << addr;
      } else {
        EXPECT_EQ(t, cfg.thresholds[p][nf * cfg.Nodes + field - 1]) << "lane " << lane << " word " << addr;
      }
      short_lane_padding += lane + 1 == cfg.EncLanes && slot < cfg.EncSlots && no_pe;
    }
  }
  EXPECT_GT(short_lane_padding, 0u);
  EXPECT_GT(negative, 0u) << "no negative threshold: two's complement untested";
}

}  // namespace
