// `rebnet export-rtl` writes a self-contained directory (docs/board.md, "Export layout"):
// two exports of one design are byte-identical wherever they are written, and an export
// moved elsewhere names no absolute path (neither the checkout nor its old or new
// place) and still lints with Verilator, synthesizes with yosys synth_xilinx without
// latches or unmapped cells, and simulates through the Verilog top rebnet_accel
// (export_tb.sv drives its ports) with results equal to the golden model; every tool
// reads only the moved files and runs in the moved directory.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_run.h"
#include "contract/model_file.h"
#include "golden/fast.h"
#include "plan/folding.h"
#include "plan/network_plan.h"
#include "test_rng.h"

namespace {

namespace fs = std::filesystem;
using rebnet::rtltest::CliRun;
using rebnet::rtltest::read_text;
using rebnet::rtltest::rebnet_cli;
using rebnet::rtltest::run_shell;

// Every file under `dir` by its path relative to `dir`, with its contents.
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = read_text(e.path());
  return files;
}

// `command` run in `dir`.
CliRun run_in(const fs::path& dir, const std::string& command) {
  return run_shell("cd '" + dir.string() + "' && nice " + command);
}

// Bits [lo, lo + width) of a number written as hex digits, most significant first.
uint64_t hex_field(const std::string& hex, uint32_t lo, uint32_t width) {
  uint64_t v = 0;
  for (uint32_t b = width; b-- > 0;) {
    const uint32_t bit = lo + b;
    const size_t digit = hex.size() - 1 - bit / 4;
    const uint32_t nibble = static_cast<uint32_t>(std::stoul(hex.substr(digit, 1), nullptr, 16));
    v = v << 1 | ((nibble >> (bit % 4)) & 1u);
  }
  return v;
}

class RtlExport : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = rebnet::rtltest::fresh_test_dir("rtl-export");
    const CliRun model = rebnet::rtltest::write_small_design(dir_);
    ASSERT_EQ(model.status, 0) << model.out;
  }
  CliRun export_to(const fs::path& out) const {
    return rebnet_cli("export-rtl --model " + (dir_ / "m.rbn").string() + " --folding " +
                      (dir_ / "f.json").string() + " --out " + out.string());
  }
  fs::path dir_;
};

TEST_F(RtlExport, TwoExportsAreByteIdentical) {
  for (const char* out : {"a", "elsewhere/b"}) {
    const CliRun r = export_to(dir_ / out);
    ASSERT_EQ(r.status, 0) << r.out;
  }
  const auto a = tree(dir_ / "a"), b = tree(dir_ / "elsewhere/b");
  ASSERT_GT(a.size(), 20u);
  for (const auto& [name, text] : a) {
    ASSERT_TRUE(b.count(name)) << name << " missing from the second export";
    EXPECT_TRUE(b.at(name) == text) << name << " differs";
  }
  EXPECT_EQ(a.size(), b.size());
}

TEST_F(RtlExport, MovedExportLintsSynthesizesAndSimulates) {
  const fs::path first = dir_ / "export", moved = dir_ / "moved" / "accel";
  const CliRun r = export_to(first);
  ASSERT_EQ(r.status, 0) << r.out;
  fs::create_directories(moved.parent_path());
  fs::rename(first, moved);

  // No path of the checkout or of the export, old or new, in any file: the moved files
  // can only refer to each other, relatively.
  const auto exported = tree(moved);
  for (const auto& [name, text] : exported)
    for (const std::string& forbidden :
         {std::string(REBNET_SOURCE_DIR), first.string(), moved.string(), dir_.string()})
      EXPECT_EQ(text.find(forbidden), std::string::npos) << name << " names " << forbidden;
  for (const std::string& line : {std::string("rtl/rebnet_pkg.sv"), std::string("rebnet_accel.v")})
    EXPECT_NE(read_text(moved / "rebnet_network.f").find("\n" + line + "\n"), std::string::npos);

  // Lint as a user would, from the moved directory with its own file list.
  const std::string files = " -f rebnet_network.f --top-module rebnet_accel";
  const CliRun plain = run_in(moved, VERILATOR_EXE " --lint-only -Wall" + files);
  EXPECT_EQ(plain.status, 0) << plain.out;
  const CliRun waived =
      run_in(moved, VERILATOR_EXE " --lint-only -Wall --assert rtl/lint_waivers.vlt" + files);
  EXPECT_EQ(waived.status, 0) << waived.out;

  // yosys synth_xilinx of the whole design under the Verilog top.
  {
    std::ofstream ys(dir_ / "accel.ys");
    std::ifstream list(moved / "rebnet_network.f");
    for (std::string line; std::getline(list, line);)
      if (line.size() > 3 && line.compare(line.size() - 3, 3, ".sv") == 0)
        ys << "read_verilog -sv " << line << "\n";
    ys << "read_verilog rebnet_accel.v\n"
       << "synth_xilinx -top rebnet_accel -family xc7 -flatten\n"
       << "tee -o " << (dir_ / "accel_stat.txt").string() << " stat\n"
       << "check -assert\n";
  }
  const CliRun synth = run_in(moved, YOSYS_EXE " -q -l " + (dir_ / "accel.log").string() +
                                         " -s " + (dir_ / "accel.ys").string());
  ASSERT_EQ(synth.status, 0) << synth.out;
  const std::string stat = read_text(dir_ / "accel_stat.txt");
  EXPECT_NE(stat.find("FDCE"), std::string::npos) << stat;
  for (const char* latch : {"LDCE", "LDPE", "LATCH", "Latch"})
    EXPECT_EQ(stat.find(latch), std::string::npos) << stat;
  EXPECT_FALSE(std::regex_search(stat, std::regex(R"(\n\s+\$\S+\s+\d+)")))
      << "unmapped cells:\n" << stat;
  EXPECT_EQ(read_text(dir_ / "accel.log").find("Latch inferred"), std::string::npos);

  // Verilated simulation through rebnet_accel's ports, run in the moved directory (the
  // package's $readmemh paths mem/*.mem are relative to it).
  const CliRun build = run_in(
      moved, VERILATOR_EXE " --binary --timing -Wall --assert -j 2 rtl/lint_waivers.vlt" +
                 files + " " EXPORT_TB " --top-module export_tb -Mdir " +
                 (dir_ / "obj").string() + " -o export_tb");
  ASSERT_EQ(build.status, 0) << build.out;

  const rebnet::Model model = rebnet::read_model((dir_ / "m.rbn").string());
  const std::string folding_path = (dir_ / "f.json").string();
  const rebnet::NetworkPlan plan =
      rebnet::plan_network(model, rebnet::read_folding(folding_path), folding_path);
  const rebnet::FastModel golden(model);
  const uint32_t frames = 6, frame_bytes = static_cast<uint32_t>(model.input.elements());
  const uint32_t in_bytes = (plan.in_bits() + 7) / 8;
  const uint64_t seed = 2024;
  rebnet::test::Rng rng(seed);
  for (uint32_t k = 1; k <= plan.max_levels; ++k) {
    SCOPED_TRACE("k = " + std::to_string(k) + ", seed " + std::to_string(seed));
    std::vector<std::vector<uint8_t>> pixels;
    {
      std::ofstream words(dir_ / "words.hex");
      for (uint32_t f = 0; f < frames; ++f) {
        pixels.push_back(rng.bytes(frame_bytes));
        for (uint64_t w = 0; w < plan.frame_in_words; ++w) {  // pixel e at [8e +: 8]
          for (uint32_t e = in_bytes; e-- > 0;) {
            const uint64_t at = w * plan.input_elems + e;
            char hex[3];
            std::snprintf(hex, sizeof(hex), "%02x",
                          e < plan.input_elems && at < frame_bytes ? pixels.back()[at] : 0);
            words << hex;
          }
          words << "\n";
        }
      }
    }
    const CliRun sim = run_in(
        moved, (dir_ / "obj" / "export_tb").string() + " +words=" + (dir_ / "words.hex").string() +
                   " +results=" + (dir_ / "results.txt").string() +
                   " +beats=" + std::to_string(frames * plan.frame_in_words) +
                   " +levels=" + std::to_string(k) + " +seed=" + std::to_string(seed + k));
    ASSERT_EQ(sim.status, 0) << sim.out;
    std::ifstream results(dir_ / "results.txt");
    std::string line;
    for (uint32_t f = 0; f < frames; ++f) {
      ASSERT_TRUE(std::getline(results, line)) << "result " << f << " missing";
      const rebnet::Result want = golden.run(pixels[f].data(), k);
      rebnet::Result got;
      got.label = static_cast<uint32_t>(hex_field(line, 0, 16));
      for (uint32_t j = 0; j < plan.classes; ++j)  // score j at [16 + 48j +: 48], signed
        got.scores.push_back(static_cast<int64_t>(hex_field(line, 16 + 48 * j, 48) << 16) >> 16);
      EXPECT_EQ(got, want) << "frame " << f << ": " << line;
    }
    ASSERT_TRUE(std::getline(results, line));
    EXPECT_EQ(line, "frames " + std::to_string(frames)) << "the FRAMES register";
  }
  EXPECT_TRUE(tree(moved) == exported) << "the tools wrote into the export";
}

}  // namespace
