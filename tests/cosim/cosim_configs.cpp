#include "cosim_configs.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "test_rng.h"

namespace rebnet::cosimtest {
namespace {

using test::Rng;

uint32_t levels(Rng& r) { return r.chance(0.15) ? r.uniform(4, 8) : r.uniform(1, 3); }

}  // namespace

const char* to_string(Kind kind) { return kind == Kind::Dense ? "dense" : "conv"; }

Kind parse_kind(const std::string& name) {
  if (name == "dense") return Kind::Dense;
  if (name == "conv") return Kind::Conv;
  throw Error("unknown configuration kind '" + name + "' (dense or conv)");
}

Config make_config(Kind kind, uint64_t seed, uint64_t variant) {
  Rng r(seed * 0x9e3779b97f4a7c15ull + (kind == Kind::Dense ? 1 : 2));
  Model m;
  if (kind == Kind::Dense) {
    m.input = {r.uniform(1, 5), r.uniform(1, 6), 1};
    m.pixel_levels = r.uniform(1, 8);
    const uint32_t hidden = r.uniform(1, 3);
    for (uint32_t i = 0; i < hidden; ++i) m.layers.push_back(dense_layer(r.uniform(2, 20), levels(r)));
    m.layers.push_back(dense_layer(r.uniform(2, 10), 0));
  } else {
    const uint32_t size = r.uniform(4, 8);
    m.input = {size, r.chance(0.5) ? size : r.uniform(4, 8), r.uniform(1, 3)};
    m.pixel_levels = r.uniform(1, 8);
    uint32_t h = m.input.height, w = m.input.width;
    const uint32_t convs = r.uniform(1, 2);
    for (uint32_t i = 0; i < convs; ++i) {
      const uint32_t kernel = r.uniform(1, std::min<uint32_t>(3, std::min(h, w)));
      m.layers.push_back(conv_layer(r.uniform(2, 6), kernel, levels(r)));
      h -= kernel - 1;
      w -= kernel - 1;
    }
    if (h >= 2 && w >= 2) m.layers.push_back(pool_layer());
    if (r.chance(0.5)) m.layers.push_back(dense_layer(r.uniform(2, 12), levels(r)));
    m.layers.push_back(dense_layer(r.uniform(2, 6), 0));
  }
  Config c;
  c.kind = kind;
  c.seed = seed;
  c.variant = variant;
  c.model = randomize(m, seed);
  // The variant: other weight signs (shapes, scales and thresholds stay).
  if (variant != 0) {
    std::mt19937_64 wr(seed * 31 + variant * 0x2545f4914f6cdd1dull);
    for (Layer& l : c.model.layers)
      if (l.computes())
        for (uint32_t j = 0; j < l.neurons; ++j)
          for (uint32_t s = 0; s < l.fan_in; ++s)
            if (wr() & 1) l.weights.set(j, s, !l.weights.get(j, s));
  }
  // The folding.
  for (const Layer& l : c.model.layers) {
    LayerFolding f;
    if (l.computes()) {
      f.pe = r.divisor(l.neurons);
      f.simd = l.kind == LayerKind::Conv ? r.divisor(l.in.channels)
                                         : r.uniform(1, std::min<uint32_t>(l.fan_in, 24));
      if (r.chance(0.3)) f.fifo_depth = r.uniform(2, 8);
    }
    c.folding.layers.push_back(f);
  }
  if (r.chance(0.5)) {  // else the default (the largest of 8, 4, 2, 1 that fits)
    const Layer& first = c.model.layers.front();
    const uint32_t vector = first.kind == LayerKind::Dense ? first.fan_in : first.in.channels;
    std::vector<uint32_t> d;
    for (uint32_t e = 1; e <= std::min<uint32_t>(vector, 64); ++e)
      if (vector % e == 0) d.push_back(e);
    c.folding.input_elems = d[r.uniform(0, static_cast<uint32_t>(d.size() - 1))];
  }
  // The run.
  Rng v(seed * 1000003 + variant * 7919 + 5);
  c.k = v.uniform(1, c.model.max_run_levels());
  c.stall = 0.3;
  c.run_seed = v.next() % 1000000 + 1;
  c.frames = kind == Kind::Dense ? v.uniform(4, 8) : v.uniform(2, 4);
  c.name = std::string(to_string(kind)) + "_s" + std::to_string(seed) + "_v" + std::to_string(variant);
  return c;
}

std::string Config::describe() const {
  std::ostringstream s;
  s << name << ": input " << model.input.height << "x" << model.input.width << "x"
    << model.input.channels << " P=" << model.pixel_levels << ";";
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& l = model.layers[i];
    const LayerFolding& f = folding.layers[i];
    s << " " << rebnet::to_string(l.kind);
    if (l.computes())
      s << "(" << l.neurons << (l.kind == LayerKind::Conv ? " K" + std::to_string(l.kernel) : "")
        << " M" << l.levels_out << " pe" << f.pe << " simd" << f.simd << " d" << f.fifo_depth << ")";
  }
  s << "; input_elems " << folding.input_elems << ", k " << k << ", stall " << stall << ", seed "
    << run_seed << ", " << frames << " frames";
  return s.str();
}

std::vector<uint8_t> random_images(const Model& model, uint64_t frames, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> px(frames * model.input.elements());
  for (uint8_t& p : px) p = static_cast<uint8_t>(rng());
  return px;
}

void write_config_files(const Config& c, const std::string& dir) {
  std::filesystem::create_directories(dir);
  write_model(c.model, dir + "/model.rbn");
  std::ofstream f(dir + "/folding.json");
  f << folding_json(c.folding).dump(2) << "\n";
  if (!f) throw Error("cannot write " + dir + "/folding.json");
}

}  // namespace rebnet::cosimtest
