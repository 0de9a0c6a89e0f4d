#include "cosim_test.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "contract/error.h"
#include "cosim.h"
#include "golden/activation.h"
#include "golden/reference.h"
#include "rtl_build.h"
#include "rtlgen/mem_images.h"

namespace rebnet::cosimtest {
namespace fs = std::filesystem;

std::string RunResult::summary() const {
  std::ostringstream s;
  s << frames << " frames, " << cycles << " cycles, " << compared << " cycles compared ("
    << signals << " signals each), "
    << (mismatch ? "first mismatch: " + mismatch->describe() : std::string("no mismatch")) << ", "
    << golden_mismatches << " frames differ from the golden model"
    << (finished ? "" : ", did not finish");
  return s.str();
}

NetworkPlan plan_of(const Config& c) { return plan_network(c.model, c.folding, c.name); }

namespace {

// Makes `dir` the working directory until destruction.
class WorkDir {
 public:
  explicit WorkDir(const fs::path& dir) : previous_(fs::current_path()) { fs::current_path(dir); }
  ~WorkDir() {
    std::error_code ec;
    fs::current_path(previous_, ec);
  }

 private:
  fs::path previous_;
};

}  // namespace

RunResult run_lockstep(const Config& c, tb::RtlTwinFactory factory, const RunOptions& o) {
  const NetworkPlan plan = plan_of(c);
  const std::vector<uint8_t> images = random_images(c.model, c.frames, c.run_seed);
  const std::string trace = o.trace_dir.empty() ? "" : fs::absolute(o.trace_dir).string();
  std::unique_ptr<tb::RtlRunDir> own;
  std::unique_ptr<WorkDir> given;
  if (o.mem_dir.empty())
    own = std::make_unique<tb::RtlRunDir>(plan, fs::temp_directory_path() / "rebnet-cosim-test");
  else
    given = std::make_unique<WorkDir>(o.mem_dir);

  tb::CosimRunOptions co;
  co.bench.levels = c.k;
  co.bench.in_gap = c.stall;
  co.bench.out_stall = c.stall;
  co.bench.seed = c.run_seed;
  co.trace_dir = trace;
  co.gtkw_comment = "cosim test " + c.name;
  co.max_idle_edges = o.max_idle;
  const tb::CosimResult r = tb::cosim(plan, c.model, {images, {}, c.frames}, factory, co);
  return {.finished = r.finished, .mismatch = r.mismatch, .frames = r.frames, .cycles = r.cycles,
          .compared = r.cycles_compared, .signals = r.signals_compared,
          .golden_mismatches = r.golden.mismatches, .word_count_errors = r.word_count_errors};
}

tb::RtlTwinFactory cached_rtl_twin(const NetworkPlan& plan) {
  tb::RtlBuildOptions o;
  o.cache_dir = REBNET_COSIM_TEST_CACHE;
  o.jobs = 2;
  std::string last;
  o.progress = [&](const std::string& stage, uint64_t, uint64_t) {
    if (stage != last) std::cerr << "building the RTL twin: " << stage << "\n";
    last = stage;
  };
  const tb::RtlBuild b = tb::build_rtl_twin(plan, o);
  std::cout << "RTL twin " << b.key << (b.reused ? " (prebuilt)" : " (built now)") << "\n";
  return tb::load_rtl_twin(b.plugin);
}

void flip_weight_bit(const fs::path& dir, const NetworkPlan& plan, size_t layer,
                     uint32_t neuron, uint32_t column) {
  for (const Stage& s : plan.stages) {
    const auto* cfg = std::get_if<MvtuConfig>(&s.config);
    if (!cfg || s.layer != static_cast<int>(layer)) continue;
    const fs::path path = rtlgen::mvtu_image_paths(*cfg, (dir / "mem" / (s.name + "_")).string())[0];
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    const uint32_t word = (neuron / cfg->Pe) * cfg->SF + column / cfg->Simd;
    const uint32_t bit = (neuron % cfg->Pe) * cfg->Simd + column % cfg->Simd;
    if (word < lines.size()) {  // one hex word per line (sw/rtlgen/mem_images.h)
      std::string& l = lines[word];
      const size_t pos = l.size() - 1 - bit / 4;
      const int digit = std::stoi(l.substr(pos, 1), nullptr, 16) ^ (1 << (bit % 4));
      l[pos] = "0123456789abcdef"[digit];
      std::ofstream out(path);
      for (const std::string& x : lines) out << x << "\n";
      return;
    }
    throw Error("flip_weight_bit: " + path.string() + " has no word " + std::to_string(word));
  }
  throw Error("flip_weight_bit: no MVTU for layer " + std::to_string(layer));
}

std::optional<uint64_t> first_affected_frame(const Model& model, size_t layer, uint32_t neuron,
                                             uint32_t column, const std::vector<uint8_t>& images,
                                             uint64_t frames, uint32_t k) {
  Layer faulty = model.layers[layer];
  faulty.weights.set(neuron, column, !faulty.weights.get(neuron, column));
  const uint64_t frame = model.input.elements();
  for (uint64_t f = 0; f < frames; ++f) {
    Activation a = encode_pixels(images.data() + f * frame, model.input, model.pixel_levels);
    for (size_t i = 0; i < layer; ++i) a = reference::run_layer(model.layers[i], a, k);
    const bool differs =
        model.layers[layer].last()
            ? reference::run_last(model.layers[layer], a) != reference::run_last(faulty, a)
            : reference::run_layer(model.layers[layer], a, k) != reference::run_layer(faulty, a, k);
    if (differs) return f;
  }
  return std::nullopt;
}

}  // namespace rebnet::cosimtest
