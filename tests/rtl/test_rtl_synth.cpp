// `rebnet synth` and `rebnet export-rtl` end to end on a small random model: the JSON
// fields are present and positive, per_layer + other add up to the total, no latches and
// no unmapped cells, a second run is answered from the cache; export-rtl refuses an --out
// in the source tree and picks each weight memory's and threshold table's MemStyle by size
// unless told otherwise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.h"

namespace {

namespace fs = std::filesystem;
using rebnet::rtltest::CliRun;
using rebnet::rtltest::read_text;
using rebnet::rtltest::rebnet_cli;

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

class RtlSynth : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = rebnet::rtltest::fresh_test_dir("rtl-synth");
    const CliRun model = rebnet::rtltest::write_small_design(dir_);
    ASSERT_EQ(model.status, 0) << model.out;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(RtlSynth, ReportsResourcesAndCaches) {
  const std::string args = "synth --model " + path("m.rbn") + " --folding " + path("f.json") +
                           " --cache " + path("cache");
  const CliRun first = rebnet_cli(args + " --json " + path("a.json"));
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_EQ(first.out.find("cached"), std::string::npos) << first.out;
  const nlohmann::json a = read_json(path("a.json"));
  for (const char* field :
       {"lut", "ff", "bram18", "dsp", "lutram", "latches", "unmapped", "weight_mem",
        "threshold_mem", "per_layer"})
    ASSERT_TRUE(a.contains(field)) << field << " missing:\n" << a.dump(2);
  EXPECT_GT(a["lut"].get<int64_t>(), 0);
  EXPECT_GT(a["ff"].get<int64_t>(), 0);
  EXPECT_GT(a["lutram"].get<int64_t>(), 0);  // input buffers and output FIFOs
  EXPECT_GT(a["dsp"].get<int64_t>(), 0);     // last layer: score = A * acc + C
  EXPECT_GE(a["bram18"].get<int64_t>(), 0);
  EXPECT_EQ(a["latches"].get<int64_t>(), 0);
  EXPECT_EQ(a["unmapped"].get<int64_t>(), 0);
  EXPECT_EQ(a["weight_mem"], "size");
  EXPECT_EQ(a["threshold_mem"], "size");
  EXPECT_FALSE(a["cached"].get<bool>());
  ASSERT_EQ(a["per_layer"].size(), 2u);
  for (const char* field : {"lut", "ff", "bram18", "dsp", "lutram"}) {
    int64_t sum = a["other"][field].get<int64_t>();
    for (const auto& l : a["per_layer"]) {
      ASSERT_TRUE(l.contains(field) && l.contains("layer")) << l.dump();
      sum += l[field].get<int64_t>();
    }
    EXPECT_EQ(sum, a[field].get<int64_t>()) << field << ": per_layer + other != total";
  }
  for (const auto& l : a["per_layer"]) {
    EXPECT_GT(l["lut"].get<int64_t>(), 0) << l.dump();
    EXPECT_GT(l["ff"].get<int64_t>(), 0) << l.dump();
  }
  bool weights_reported = false;
  for (const auto& m : a["memories"])
    weights_reported |= m["instance"].get<std::string>() == "u_l0_mvtu.u_weight_mem";
  EXPECT_TRUE(weights_reported) << a["memories"].dump(2);

  const CliRun second = rebnet_cli(args + " --json " + path("b.json"));
  ASSERT_EQ(second.status, 0) << second.out;
  EXPECT_NE(second.out.find("cached"), std::string::npos) << second.out;
  const nlohmann::json b = read_json(path("b.json"));
  EXPECT_TRUE(b["cached"].get<bool>());
  for (const char* field : {"lut", "ff", "bram18", "dsp", "lutram"})
    EXPECT_EQ(a[field], b[field]) << field;
}

TEST_F(RtlSynth, ExportRefusesTheSourceTree) {
  const CliRun r = rebnet_cli("export-rtl --model " + path("m.rbn") + " --folding " + path("f.json") +
                    " --out " + std::string(REBNET_SOURCE_DIR) + "/build-generated-rtl");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("source tree"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(fs::path(REBNET_SOURCE_DIR) / "build-generated-rtl"));

  const CliRun ok = rebnet_cli("export-rtl --model " + path("m.rbn") + " --folding " + path("f.json") +
                     " --out " + path("rtl") + " --board zcu104 --clock-mhz 150");
  ASSERT_EQ(ok.status, 0) << ok.out;
  // Headers name the model and folding files without their directories.
  const fs::path out = dir_ / "rtl";
  for (const char* f : {"rebnet_network.sv", "rebnet_network_pkg.sv", "rebnet_axi_top.sv",
                        "rebnet_accel.v", "rebnet_network.f", "synth.ys", "vivado.tcl",
                        "constraints.xdc", "README.md"}) {
    std::ifstream in(out / f);
    std::string first;
    ASSERT_TRUE(std::getline(in, first)) << f;
    EXPECT_NE(first.find("generated from m.rbn and f.json by rebnet export-rtl - do not edit"),
              std::string::npos)
        << f << ": " << first;
  }
  // Layer 0 (PE 4 over SF 2) has two encoder lanes, one threshold image each. Images hold
  // hex words only: Vivado synthesis refuses comments in a $readmemh file.
  for (const char* f : {"mem/u_l0_mvtu_weights.mem", "mem/u_l0_mvtu_thresholds_lane000.mem",
                        "mem/u_l0_mvtu_thresholds_lane001.mem", "mem/u_l1_mvtu_weights.mem",
                        "mem/u_l1_mvtu_scores.mem"}) {
    std::ifstream in(out / f);
    size_t words = 0;
    for (std::string line; std::getline(in, line); ++words)
      EXPECT_EQ(line.find_first_not_of("0123456789abcdef"), std::string::npos) << f << ": " << line;
    EXPECT_GT(words, 0u) << f;
  }
  // Every source the scripts and the file list name is in the export, by a path
  // relative to it.
  for (const char* script : {"rebnet_network.f", "synth.ys", "vivado.tcl"}) {
    std::ifstream in(out / script);
    size_t named = 0;
    for (std::string word; in >> word;)
      if (word.size() > 3 && word.compare(word.size() - 3, 3, ".sv") == 0) {
        ++named;
        EXPECT_TRUE(fs::path(word).is_relative()) << script << " names " << word;
        EXPECT_TRUE(fs::is_regular_file(out / word)) << script << " names " << word;
      }
    EXPECT_GT(named, 3u) << script;
  }
  const std::string tcl = read_text(out / "vivado.tcl"), xdc = read_text(out / "constraints.xdc");
  EXPECT_NE(tcl.find("rtl/rebnet_axi_bridge.sv"), std::string::npos);
  EXPECT_NE(tcl.find("synth_design -top rebnet_accel"), std::string::npos);
  EXPECT_NE(tcl.find("xczu7ev-ffvc1156-2-e"), std::string::npos);
  EXPECT_NE(xdc.find("-period 6.667 [get_ports ap_clk]"), std::string::npos) << xdc;

  const CliRun bad = rebnet_cli("export-rtl --model " + path("m.rbn") + " --folding " + path("f.json") +
                      " --out " + path("rtl2") + " --board nexys");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("pynq-z2"), std::string::npos) << bad.out;
}

// The memories' MemStyles in the generated package: by size (docs/synthesis.md) unless
// --weight-mem / --threshold-mem say otherwise. Layer 0 of 416-32-4 at PE 2 / SIMD 32
// has a 208 x 64-bit weight ROM: 4 LUT6 per bit (256 LUTs) against 2 RAMB18, so block
// RAM; its one threshold lane table (32 words) and layer 1's weights (32 x 8 bits) stay
// in LUTs. Layer 1 is the last layer: no threshold tables, no ThresholdMemStyle ("?").
TEST_F(RtlSynth, MemStyles) {
  const CliRun model = rebnet_cli("random-model --topology 416-32-4 --levels 1 --seed 3 --out " +
                                  path("deep.rbn"));
  ASSERT_EQ(model.status, 0) << model.out;
  std::ofstream(path("deep.json")) << R"({"layers": [{"pe": 2, "simd": 32}, {"pe": 4, "simd": 2}]})";
  int runs = 0;
  auto styles = [&](const std::string& option, const std::string& param = "WeightMemStyle") {
    const std::string out = path("rtl" + std::to_string(runs++));
    const CliRun r = rebnet_cli("export-rtl --model " + path("deep.rbn") + " --folding " +
                                path("deep.json") + " --out " + out + option);
    EXPECT_EQ(r.status, 0) << r.out;
    const std::string pkg = read_text(fs::path(out) / "rebnet_network_pkg.sv");
    std::string found;
    for (const char* layer : {"L0Mvtu", "L1Mvtu"}) {
      const std::string key = std::string(layer) + param;
      const size_t at = pkg.find(key);
      const size_t q = pkg.find('"', at);
      found += (at == std::string::npos || q == std::string::npos)
                   ? std::string("? ")
                   : pkg.substr(q + 1, pkg.find('"', q + 1) - q - 1) + " ";
    }
    return found;
  };
  EXPECT_EQ(styles(""), "block distributed ");
  EXPECT_EQ(styles(" --weight-mem size"), "block distributed ");
  EXPECT_EQ(styles(" --weight-mem block"), "block block ");
  EXPECT_EQ(styles(" --weight-mem distributed"), "distributed distributed ");
  EXPECT_EQ(styles(" --weight-mem auto"), "auto auto ");
  EXPECT_EQ(styles("", "ThresholdMemStyle"), "distributed ? ");
  EXPECT_EQ(styles(" --threshold-mem block", "ThresholdMemStyle"), "block ? ");
  EXPECT_EQ(styles(" --threshold-mem block"), "block distributed ");
  EXPECT_EQ(styles(" --weight-mem distributed", "ThresholdMemStyle"), "distributed ? ");

  for (const char* option : {"--weight-mem", "--threshold-mem"}) {
    const CliRun bad = rebnet_cli("export-rtl --model " + path("deep.rbn") + " --folding " +
                                  path("deep.json") + " --out " + path("bad") + " " + option +
                                  " tool");
    EXPECT_EQ(bad.status, 2) << bad.out;
    EXPECT_NE(bad.out.find(std::string(option) + ": unknown memory style 'tool' (size, block, "
                                                 "distributed or auto)"),
              std::string::npos)
        << bad.out;
  }
}

}  // namespace
