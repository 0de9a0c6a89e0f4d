// Lockstep co-simulation of the SystemC model and the Verilated RTL on the
// prebuilt configurations (tests/cosim/CMakeLists.txt: COSIM_CONFIGS), through
// the cached plugins `rebnet cosim` uses. Every TEST runs in its own process
// (SystemC elaborates once per process).
//
// Replay one case: ctest -R <name> -V, or test_cosim --gtest_filter=<name>.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "contract/error.h"
#include "cosim_configs.h"
#include "cosim_test.h"
#include "gtkw.h"
#include "rtl_build.h"

namespace rebnet::cosimtest {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> prebuilt() {
  std::vector<std::string> out;
  std::stringstream s(REBNET_COSIM_CONFIGS);
  for (std::string x; std::getline(s, x, ',');) out.push_back(x);
  return out;
}

Config config(const std::string& spec, uint64_t variant = 0) {
  const size_t colon = spec.find(':');
  return make_config(parse_kind(spec.substr(0, colon)), std::stoull(spec.substr(colon + 1)), variant);
}

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() /
                     ("rebnet-cosim-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// ------------------------------------------------------------------ lockstep

struct Case {
  std::string spec;
  uint64_t variant = 0;
  uint32_t k = 0;       // 0: the configuration's
  double stall = 0.3;
  std::string name;
};

std::vector<Case> lockstep_cases() {
  std::vector<Case> cases;
  for (const std::string& spec : prebuilt()) {
    const Config c = config(spec);
    std::string base = spec;
    base[base.find(':')] = '_';
    // Every run-time k on the built weights, stalls and gaps 0.3.
    for (uint32_t k = 1; k <= c.model.max_run_levels(); ++k)
      cases.push_back({spec, 0, k, 0.3, base + "_k" + std::to_string(k)});
    // Other weight signs on the same build, and a run without stalls.
    for (uint64_t v = 1; v <= 2; ++v)
      cases.push_back({spec, v, 0, 0.3, base + "_variant" + std::to_string(v)});
    cases.push_back({spec, 0, 0, 0.0, base + "_nostall"});
  }
  return cases;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Lockstep : public ::testing::TestWithParam<Case> {};

TEST_P(Lockstep, NoMismatch) {
  const Case& cs = GetParam();
  Config c = config(cs.spec, cs.variant);
  if (cs.k) c.k = cs.k;
  c.stall = cs.stall;
  std::cout << c.describe() << "\n";
  const tb::RtlTwinFactory factory = cached_rtl_twin(plan_of(c));
  const RunResult r = run_lockstep(c, factory);
  std::cout << r.summary() << "\n";
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(r.mismatch) << r.mismatch->describe();
  EXPECT_EQ(r.frames, c.frames);
  EXPECT_EQ(r.golden_mismatches, 0u);
  EXPECT_TRUE(r.word_count_errors.empty()) << r.word_count_errors.front();
  EXPECT_GE(r.compared, r.cycles);
}

INSTANTIATE_TEST_SUITE_P(Prebuilt, Lockstep, ::testing::ValuesIn(lockstep_cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// ------------------------------------------------------------------ fault injection

const Stage& mvtu_stage(const NetworkPlan& plan, size_t layer) {
  for (const Stage& s : plan.stages)
    if (s.layer == static_cast<int>(layer) && s.kind() == StageKind::Mvtu) return s;
  throw Error("no MVTU for layer " + std::to_string(layer));
}

// Flips one weight bit in the RTL's memory image (the SystemC twin keeps the
// right one) and expects the first mismatch on that layer's output stream, in
// the first frame whose output the flip changes (golden reference). Of the
// weights a fixed scan visits (in the last layer, or in every hidden compute
// layer), it takes the one whose flip shows latest, so the frame index is
// tested too (a last layer's scores change in every frame).
void run_fault(const std::string& spec, bool last_layer, bool trace = false) {
  Config c = config(spec);
  c.frames = 6;
  const NetworkPlan plan = plan_of(c);
  const std::vector<uint8_t> images = random_images(c.model, c.frames, c.run_seed);
  size_t layer = 0;
  uint32_t neuron = 0, column = 0;
  std::optional<uint64_t> frame;
  for (size_t li = 0; li < c.model.layers.size(); ++li) {
    const Layer& l = c.model.layers[li];
    if (!l.computes() || l.last() != last_layer) continue;
    for (uint32_t t = 0; t < 200; ++t) {
      const uint32_t n = (t * 7 + 3) % l.neurons, col = (t * 13 + 5) % l.fan_in;
      const auto f = first_affected_frame(c.model, li, n, col, images, c.frames, c.k);
      if (f && (!frame || *f > *frame)) {
        frame = f;
        layer = li;
        neuron = n;
        column = col;
      }
    }
  }
  ASSERT_TRUE(frame) << "no weight flip changes an output of " << c.describe();
  const std::string stream = mvtu_stage(plan, layer).stream;
  std::cout << c.describe() << "\nflipping weight (neuron " << neuron << ", synapse " << column
            << ") of layer " << layer << ": expect the first mismatch on " << stream
            << "_data in frame " << *frame << "\n";

  const fs::path dir = fresh_dir("fault");
  tb::write_memory_images(plan, dir);
  flip_weight_bit(dir, plan, layer, neuron, column);
  RunOptions o;
  o.mem_dir = dir;
  if (trace) o.trace_dir = (dir / "traces").string();
  const RunResult r = run_lockstep(c, cached_rtl_twin(plan), o);
  std::cout << r.summary() << "\n";
  ASSERT_TRUE(r.mismatch) << "the wrong weight bit went unnoticed";
  EXPECT_EQ(r.mismatch->interface, stream);
  EXPECT_EQ(r.mismatch->signal, stream + "_data");
  EXPECT_EQ(r.mismatch->frame, *frame);
  EXPECT_NE(r.mismatch->systemc, r.mismatch->rtl);
  if (trace) {  // the run stopped at the mismatch and left both traces, complete
    EXPECT_FALSE(tb::read_vcd_vars(dir / "traces" / "model.vcd").empty());
    const auto rtl = tb::read_fst_vars(dir / "traces" / "rtl.fst");
    ASSERT_TRUE(rtl) << "fst2vcd cannot read " << (dir / "traces" / "rtl.fst");
    EXPECT_FALSE(rtl->empty());
  }
  fs::remove_all(dir);
}

TEST(CosimFault, WeightBitOfLastLayer) { run_fault(prebuilt()[0], true); }
TEST(CosimFault, WeightBitOfHiddenDenseLayer) { run_fault(prebuilt()[1], false, true); }
TEST(CosimFault, WeightBitOfHiddenConvLayer) { run_fault(prebuilt()[2], false); }

// ------------------------------------------------------------------ traces

// A VCD is well formed: a parsable header, then time stamps that grow and
// value changes of declared identifiers with at most the declared width.
void check_vcd(const fs::path& path, const std::vector<tb::VcdVar>& vars) {
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::map<std::string, uint32_t> width;
  for (const tb::VcdVar& v : vars) width[v.id] = v.width;
  std::string line;
  while (std::getline(in, line) && line.find("$enddefinitions") == std::string::npos) {
  }
  ASSERT_TRUE(in) << path << ": no $enddefinitions";
  long long last_time = -1;
  uint64_t changes = 0, stamps = 0;
  bool comment = false;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.rfind("$comment", 0) == 0) comment = line.find("$end") == std::string::npos;
    else if (comment) comment = line.find("$end") == std::string::npos;
    if (comment || line.empty() || line[0] == '$') continue;  // $dumpvars, $end, ...
    if (line[0] == '#') {
      const long long t = std::stoll(line.substr(1));
      ASSERT_GT(t, last_time) << path << ": time " << t << " after " << last_time;
      last_time = t;
      ++stamps;
    } else if (line[0] == 'b' || line[0] == 'B' || line[0] == 'r') {
      const size_t sp = line.find(' ');
      ASSERT_NE(sp, std::string::npos) << path << ": " << line;
      const std::string id = line.substr(sp + 1);
      ASSERT_TRUE(width.count(id)) << path << ": undeclared id in " << line;
      if (line[0] != 'r') {
        EXPECT_LE(sp - 1, width[id]) << path << ": " << line;
      }
      ++changes;
    } else {
      ASSERT_TRUE(std::string("01xzXZ").find(line[0]) != std::string::npos) << path << ": " << line;
      ASSERT_TRUE(width.count(line.substr(1))) << path << ": undeclared id in " << line;
      ++changes;
    }
  }
  EXPECT_GT(stamps, 10u) << path;
  EXPECT_GT(changes, 100u) << path;
}

// Key signals of each block, present in both twins (names below the instance).
std::vector<std::string> key_signals(StageKind kind) {
  std::vector<std::string> s = {"in_valid_i", "in_ready_o", "in_data_i",
                                "out_valid_o", "out_ready_i", "out_data_o"};
  auto add = [&](std::initializer_list<const char*> more) { s.insert(s.end(), more.begin(), more.end()); };
  switch (kind) {
    case StageKind::WidthConverter: add({"buf_q", "fill_q", "fill_at_q", "recv_q"}); break;
    case StageKind::SlidingWindow: add({"wr_addr_q", "oy_q", "ox_q", "ky_q", "kcol_q"}); break;
    case StageKind::Mvtu:
      add({"ibuf_q", "s1_valid_q", "s3_last_q", "push_valid", "push_data", "in_levels", "pop",
           "buf_we", "buf_raddr", "u_weight_mem.rd_data_q", "u_level_sequencer.nf_q",
           "u_level_sequencer.sf_q", "u_level_sequencer.credit_q", "u_level_sequencer.bank_full_q",
           "u_popcount_tree.count_q", "u_threshold_unit.acc_q", "u_threshold_unit.enc_acc_q",
           "u_out_fifo.count_q"});
      break;
    case StageKind::MaxPool: add({"x_q", "y_q", "grp_q"}); break;
    default: break;
  }
  return s;
}

TEST(CosimTraces, BothTracesAreRealAndNameEveryBlock) {
  Config c = config(prebuilt()[2]);
  c.frames = 2;
  const NetworkPlan plan = plan_of(c);
  const fs::path dir = fresh_dir("traces");
  RunOptions o;
  o.trace_dir = dir.string();
  const RunResult r = run_lockstep(c, cached_rtl_twin(plan), o);
  ASSERT_FALSE(r.mismatch) << r.summary();
  ASSERT_TRUE(r.finished);

  // The SystemC VCD is well formed.
  const std::vector<tb::VcdVar> sc_vars = tb::read_vcd_vars(dir / "model.vcd");
  check_vcd(dir / "model.vcd", sc_vars);
  // The FST parses with gtkwave's fst2vcd, and so does what it prints.
  const fs::path rtl_vcd = dir / "rtl_from_fst.vcd";
  const std::string cmd = "fst2vcd -f '" + (dir / "rtl.fst").string() + "' -o '" +
                          rtl_vcd.string() + "' > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::vector<tb::VcdVar> rtl_vars = tb::read_vcd_vars(rtl_vcd);
  check_vcd(rtl_vcd, rtl_vars);

  // Both name every stream and each block's key signals the same way.
  auto names = [](const std::vector<tb::VcdVar>& vars) {
    std::set<std::string> out;
    for (const tb::VcdVar& v : vars) out.insert(v.scope + "." + v.name);
    return out;
  };
  const std::set<std::string> sc_names = names(sc_vars), rtl_names = names(rtl_vars);
  const std::string top = tb::kTraceTop;
  std::vector<std::string> wanted = {top + ".clk_i", top + ".in_data_i", top + ".out_data_o"};
  for (size_t i = 0; i + 1 < plan.stages.size(); ++i)
    for (const char* suffix : {"_valid", "_ready", "_data"})
      wanted.push_back(top + "." + plan.stages[i].stream + suffix);
  for (const Stage& s : plan.stages)
    for (const std::string& n : key_signals(s.kind())) wanted.push_back(top + "." + s.name + "." + n);
  for (const std::string& w : wanted) {
    EXPECT_TRUE(sc_names.count(w)) << "SystemC trace lacks " << w;
    EXPECT_TRUE(rtl_names.count(w)) << "RTL trace lacks " << w;
  }

  // The save file lists only signals both traces have.
  const tb::GtkwSummary g = tb::write_gtkw(dir / "rebnet_network.gtkw", plan, sc_vars, &rtl_vars,
                                           top, "model.vcd", "test");
  EXPECT_GT(g.signals, wanted.size() / 2);
  EXPECT_EQ(g.left_out, 0u) << "signals of the SystemC trace that the RTL names differently";
  std::set<std::string> sc_full, rtl_full;
  for (const tb::VcdVar& v : sc_vars) sc_full.insert(v.full());
  for (const tb::VcdVar& v : rtl_vars) rtl_full.insert(v.full());
  std::ifstream gtkw(dir / "rebnet_network.gtkw");
  size_t listed = 0;
  for (std::string line; std::getline(gtkw, line);) {
    if (line.rfind(top + ".", 0) != 0) continue;
    ++listed;
    EXPECT_TRUE(sc_full.count(line) || rtl_full.count(line)) << "gtkw names " << line;
  }
  EXPECT_EQ(listed, g.signals);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rebnet::cosimtest
