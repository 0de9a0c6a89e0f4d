#include "rtlgen/mem_images.h"

#include <algorithm>
#include <fstream>

#include "contract/error.h"

namespace rebnet::rtlgen {
namespace {

constexpr uint32_t kScoreParamBits = 64;  // rebnet_pkg::ScoreParamWidth
constexpr uint32_t kScoreBiasBits = 48;   // C, rebnet_pkg::ScoreBiasWidth
constexpr uint32_t kScoreScaleBits = 16;  // A, rebnet_pkg::ScoreScaleWidth

void write_image(const std::string& path, const std::string& header,
                 const std::vector<sc::Bits>& words) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error("cannot write memory image " + path);
  out << "// " << header << "\n";
  for (const sc::Bits& w : words) out << hex_digits(w) << '\n';
  out.close();
  if (!out) throw Error("cannot write memory image " + path);
}

}  // namespace

std::string hex_digits(const sc::Bits& bits) {
  static const char digits[] = "0123456789abcdef";
  const uint32_t width = bits.width();
  const uint32_t n = std::max<uint32_t>(1, (width + 3) / 4);
  std::string s(n, '0');
  for (uint32_t d = 0; d < n; ++d) {
    const uint32_t lsb = 4 * d;
    if (lsb < width) s[n - 1 - d] = digits[bits.get(lsb, std::min<uint32_t>(4, width - lsb))];
  }
  return s;
}

std::vector<sc::Bits> weight_words(const sc::MvtuConfig& cfg) { return cfg.weights; }

std::vector<sc::Bits> threshold_words(const sc::MvtuConfig& cfg) {
  if (cfg.last()) throw Error("threshold image requested for the last layer");
  std::vector<sc::Bits> words;
  const uint32_t aw = cfg.AccWidth;
  for (uint32_t nf = 0; nf < cfg.NF; ++nf)
    for (uint32_t node = 0; node < cfg.Nodes; ++node) {
      sc::Bits word(cfg.Pe * aw);
      for (uint32_t p = 0; p < cfg.Pe; ++p)
        word.put(p * aw, aw,
                 static_cast<uint64_t>(int64_t{cfg.thresholds[p][uint64_t{nf} * cfg.Nodes + node]}));
      words.push_back(std::move(word));
    }
  return words;
}

std::vector<sc::Bits> score_words(const sc::MvtuConfig& cfg) {
  if (!cfg.last()) throw Error("score image requested for a hidden layer");
  std::vector<sc::Bits> words;
  for (uint32_t nf = 0; nf < cfg.NF; ++nf) {
    sc::Bits word(cfg.Pe * kScoreParamBits);
    for (uint32_t p = 0; p < cfg.Pe; ++p) {
      word.put(p * kScoreParamBits, kScoreBiasBits, static_cast<uint64_t>(cfg.score_bias[p][nf]));
      word.put(p * kScoreParamBits + kScoreBiasBits, kScoreScaleBits,
               static_cast<uint64_t>(int64_t{cfg.score_scale[p][nf]}));
    }
    words.push_back(std::move(word));
  }
  return words;
}

const char* to_string(MemStyle style) {
  static const char* const kNames[] = {"auto", "block", "distributed"};  // enum order
  return kNames[static_cast<size_t>(style)];
}

std::string to_string(WeightMemChoice choice) { return choice ? to_string(*choice) : "size"; }

WeightMemChoice parse_weight_mem_choice(const std::string& name) {
  if (name == "size") return std::nullopt;
  for (MemStyle s : {MemStyle::Auto, MemStyle::Block, MemStyle::Distributed})
    if (name == to_string(s)) return s;
  throw Error("unknown weight memory style '" + name + "' (size, block, distributed or auto)");
}

RomCost rom_cost(uint64_t depth, uint64_t width) {
  auto ceil_div = [](uint64_t a, uint64_t b) { return (a + b - 1) / b; };
  RomCost c;
  c.rom_luts = width * ceil_div(depth, 64);
  static constexpr uint64_t kShapes[][2] = {{36, 512},  {18, 1024}, {9, 2048},
                                            {4, 4096},  {2, 8192},  {1, 16384}};
  c.bram18 = UINT64_MAX;
  for (const auto& [w, d] : kShapes)
    c.bram18 = std::min(c.bram18, ceil_div(width, w) * ceil_div(depth, d));
  return c;
}

MemStyle weight_mem_style(const sc::MvtuConfig& cfg) {
  const RomCost c = rom_cost(uint64_t{cfg.NF} * cfg.SF, uint64_t{cfg.Pe} * cfg.Simd);
  return c.rom_luts >= kLutsPerBram18 * c.bram18 ? MemStyle::Block : MemStyle::Distributed;
}

MemStyle weight_mem_style(const sc::MvtuConfig& cfg, WeightMemChoice choice) {
  return choice ? *choice : weight_mem_style(cfg);
}

std::vector<std::string> mvtu_image_paths(const sc::MvtuConfig& cfg, const std::string& prefix) {
  return {prefix + "weights.mem", prefix + (cfg.last() ? "scores.mem" : "thresholds.mem")};
}

void write_mvtu_images(const sc::MvtuConfig& cfg, const std::string& prefix,
                       const std::string& header) {
  const std::vector<std::string> paths = mvtu_image_paths(cfg, prefix);
  write_image(paths[0], header, weight_words(cfg));
  write_image(paths[1], header, cfg.last() ? score_words(cfg) : threshold_words(cfg));
}

}  // namespace rebnet::rtlgen
