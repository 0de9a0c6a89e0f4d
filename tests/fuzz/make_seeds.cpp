// Writes the generated part of the fuzz seed corpora (run at build time; the
// build adds models from `rebnet random-model` next to them):
//   OUT/model_file/  small conv models the named topologies do not cover
//   OUT/idx/         image + label pairs in fuzz_idx's input layout
//   OUT/folding/     folding files for the models fuzz_folding checks against
// Usage: fuzz_make_seeds OUT
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/model_file.h"
#include "fuzz_inputs.h"

namespace {

namespace fs = std::filesystem;
using namespace rebnet;

void write(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void write_text(const fs::path& path, const std::string& text) {
  write(path, std::vector<uint8_t>(text.begin(), text.end()));
}

void model_seeds(const fs::path& dir) {
  // Conv, pool and dense layers at several level counts, all small.
  for (uint32_t levels : {1u, 2u, 4u}) {
    Model m = fuzz::small_conv_skeleton();
    for (Layer& l : m.layers)
      if (l.computes() && l.levels_out != 0) l.levels_out = levels;
    write(dir / ("small-conv-l" + std::to_string(levels) + ".model"),
          serialize_model(randomize(m, levels)));
  }
  Model tiny;  // the smallest model: one dense layer on a 1x1x1 image
  tiny.input = {1, 1, 1};
  tiny.pixel_levels = 1;
  tiny.layers = {dense_layer(1, 0)};
  write(dir / "tiny.model", serialize_model(randomize(tiny, 1)));
  Model pool_first;  // a pool straight after the pixels, then a conv
  pool_first.input = {5, 4, 3};
  pool_first.layers = {pool_layer(), conv_layer(3, 2, 8), dense_layer(2, 0)};
  write(dir / "pool-first.model", serialize_model(randomize(pool_first, 2)));
}

void idx_seeds(const fs::path& dir) {
  struct Pair {
    const char* name;
    uint32_t count, rows, cols;
    uint8_t flags, limit;
    bool pregzip;  // the input holds .gz files (mutated as compressed bytes)
  };
  const std::vector<Pair> pairs = {
      {"one-1x1", 1, 1, 1, 0, 0, false},         {"three-4x4", 3, 4, 4, 0, 0, false},
      {"five-3x2-limit2", 5, 3, 2, 0, 2, false}, {"two-28x28", 2, 28, 28, 0, 0, false},
      {"gz-images", 3, 4, 4, fuzz::kGzipImages, 0, false},
      {"gz-both", 4, 2, 3, fuzz::kGzipImages | fuzz::kGzipLabels, 1, false},
      {"gz-cut1", 3, 4, 4, fuzz::kGzipImages | fuzz::kGzipLabels | (1 << 2), 0, false},
      {"gz-cut13", 3, 4, 4, fuzz::kGzipImages | (3 << 2), 0, false},
      {"pregzipped", 3, 5, 5, 0, 0, true},
      // Over 64 KiB of pixels: the reader's chunk loop runs more than once.
      {"ninety-28x28", 90, 28, 28, fuzz::kGzipLabels, 0, false},
  };
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u, static_cast<uint8_t>(state >> 16); };
  for (const Pair& p : pairs) {
    std::vector<uint8_t> pixels(size_t{p.count} * p.rows * p.cols), labels(p.count);
    for (auto& v : pixels) v = next();
    for (auto& v : labels) v = next() % 10;
    fuzz::IdxInput in;
    in.flags = p.flags;
    in.limit = p.limit;
    in.images = fuzz::idx_file(0x803, {p.count, p.rows, p.cols}, pixels);
    in.labels = fuzz::idx_file(0x801, {p.count}, labels);
    if (p.pregzip) {
      in.images = fuzz::gzip(in.images);
      in.labels = fuzz::gzip(in.labels);
    }
    write(dir / (std::string(p.name) + ".idxpair"), fuzz::join_idx_input(in));
  }
  // Classic mistakes: swapped files, wrong count, trailing bytes.
  fuzz::IdxInput swapped;
  swapped.images = fuzz::idx_file(0x801, {2}, {1, 2});
  swapped.labels = fuzz::idx_file(0x803, {2, 1, 1}, {7, 8});
  write(dir / "swapped.idxpair", fuzz::join_idx_input(swapped));
  fuzz::IdxInput trailing;
  trailing.images = fuzz::idx_file(0x803, {2, 1, 1}, {7, 8, 9});
  trailing.labels = fuzz::idx_file(0x801, {3}, {1, 2, 3});
  write(dir / "trailing.idxpair", fuzz::join_idx_input(trailing));
}

std::vector<uint32_t> divisors(uint32_t n) {
  std::vector<uint32_t> d;
  for (uint32_t i = 1; i <= n; ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

// Foldings that pass check_folding: variant 0 the smallest PE and SIMD,
// 1 the largest, 2 in between, 3 in between with explicit fields.
std::string folding_for(const Model& m, int variant) {
  nlohmann::json layers = nlohmann::json::array();
  for (const Layer& l : m.layers) {
    if (!l.computes()) {
      layers.push_back(nlohmann::json::object());
      continue;
    }
    const std::vector<uint32_t> pe = divisors(l.neurons);
    const std::vector<uint32_t> simd =
        divisors(l.kind == LayerKind::Conv ? l.in.channels : l.fan_in);
    auto pick = [&](const std::vector<uint32_t>& v) {
      return variant == 0 ? v.front() : variant == 1 ? v.back() : v[v.size() / 2];
    };
    nlohmann::json f = {{"pe", pick(pe)}, {"simd", pick(simd)}};
    if (variant == 3) f["fifo_depth"] = 2 + l.neurons % 7;
    layers.push_back(f);
  }
  nlohmann::json doc = {{"layers", layers}};
  if (variant == 3) doc["input_elems"] = 1;
  return doc.dump(variant == 2 ? 2 : -1);
}

void folding_seeds(const fs::path& dir) {
  const auto& models = fuzz::folding_models();
  for (size_t i = 0; i < models.size(); ++i)
    for (int v = 0; v < 4; ++v)
      write_text(dir / ("model" + std::to_string(i) + "-v" + std::to_string(v) + ".json"),
                 folding_for(models[i], v));
  // Refused foldings, one rule each.
  write_text(dir / "bad-pe.json", R"({"layers": [{"pe": 3, "simd": 1}, {}, {"pe": 6, "simd": 4}, {"pe": 10, "simd": 24}]})");
  write_text(dir / "bad-field.json", R"({"layers": [], "extra": true})");
  write_text(dir / "bad-type.json", R"({"input_elems": -1, "layers": [{"pe": "4", "simd": 1.5}]})");
  write_text(dir / "malformed.json", R"({"layers": [{"pe": 1,)");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds OUT\n");
    return 2;
  }
  try {
    const fs::path out = argv[1];
    for (const char* sub : {"model_file", "idx", "folding"}) fs::create_directories(out / sub);
    model_seeds(out / "model_file");
    idx_seeds(out / "idx");
    folding_seeds(out / "folding");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_make_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
