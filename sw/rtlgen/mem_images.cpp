#include "rtlgen/mem_images.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "contract/error.h"

namespace rebnet::rtlgen {
namespace {

constexpr uint32_t kScoreParamBits = 64;  // rebnet_pkg::ScoreParamWidth
constexpr uint32_t kScoreBiasBits = 48;   // C, rebnet_pkg::ScoreBiasWidth
constexpr uint32_t kScoreScaleBits = 16;  // A, rebnet_pkg::ScoreScaleWidth

void write_image(const std::string& path, const std::vector<Bits>& words) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error("cannot write memory image " + path);
  for (const Bits& w : words) out << hex_digits(w) << '\n';
  out.close();
  if (!out) throw Error("cannot write memory image " + path);
}

}  // namespace

std::string hex_digits(const Bits& bits) {
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

std::vector<Bits> weight_words(const MvtuConfig& cfg) { return cfg.weights; }

std::vector<Bits> threshold_lane_words(const MvtuConfig& cfg, uint32_t lane) {
  if (cfg.last()) throw Error("threshold image requested for the last layer");
  if (lane >= cfg.EncLanes)
    throw Error("threshold lane " + std::to_string(lane) + " requested, the layer has " +
                std::to_string(cfg.EncLanes));
  std::vector<Bits> words;
  words.reserve(cfg.thr_depth());
  for (uint64_t addr = 0; addr < cfg.thr_depth(); ++addr) {
    Bits word(cfg.AccWidth);
    // put() keeps the low AccWidth bits: the two's complement the RTL compares with.
    word.put(0, cfg.AccWidth, static_cast<uint64_t>(cfg.lane_threshold(lane, addr)));
    words.push_back(std::move(word));
  }
  return words;
}

std::vector<Bits> score_words(const MvtuConfig& cfg) {
  if (!cfg.last()) throw Error("score image requested for a hidden layer");
  std::vector<Bits> words;
  for (uint32_t nf = 0; nf < cfg.NF; ++nf) {
    Bits word(cfg.Pe * kScoreParamBits);
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

std::string to_string(MemChoice choice) { return choice ? to_string(*choice) : "size"; }

MemChoice parse_mem_choice(const std::string& name) {
  if (name == "size") return std::nullopt;
  for (MemStyle s : {MemStyle::Auto, MemStyle::Block, MemStyle::Distributed})
    if (name == to_string(s)) return s;
  throw Error("unknown memory style '" + name + "' (size, block, distributed or auto)");
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

MemStyle rom_style(uint64_t depth, uint64_t width) {
  const RomCost c = rom_cost(depth, width);
  return c.rom_luts >= kLutsPerBram18 * c.bram18 ? MemStyle::Block : MemStyle::Distributed;
}

MemStyle weight_mem_style(const MvtuConfig& cfg) {
  return rom_style(uint64_t{cfg.NF} * cfg.SF, uint64_t{cfg.Pe} * cfg.Simd);
}

MemStyle weight_mem_style(const MvtuConfig& cfg, MemChoice choice) {
  return choice ? *choice : weight_mem_style(cfg);
}

MemStyle threshold_mem_style(const MvtuConfig& cfg) {
  return rom_style(cfg.thr_depth(), cfg.AccWidth);
}

MemStyle threshold_mem_style(const MvtuConfig& cfg, MemChoice choice) {
  return choice ? *choice : threshold_mem_style(cfg);
}

std::string threshold_file_base(const std::string& prefix) { return prefix + "thresholds"; }

std::string threshold_lane_path(const std::string& base, uint32_t lane) {
  // The RTL spells the lane in exactly 3 digits (MvtuConfig::derive() caps EncLanes).
  if (lane > 999) throw Error("threshold lane " + std::to_string(lane) + " needs 4 digits");
  char digits[4];
  std::snprintf(digits, sizeof(digits), "%03u", lane);
  return base + "_lane" + digits + ".mem";
}

std::vector<std::string> mvtu_image_paths(const MvtuConfig& cfg, const std::string& prefix) {
  std::vector<std::string> paths = {prefix + "weights.mem"};
  if (cfg.last()) {
    paths.push_back(prefix + "scores.mem");
  } else {
    const std::string base = threshold_file_base(prefix);
    for (uint32_t lane = 0; lane < cfg.EncLanes; ++lane)
      paths.push_back(threshold_lane_path(base, lane));
  }
  return paths;
}

void write_mvtu_images(const MvtuConfig& cfg, const std::string& prefix) {
  const std::vector<std::string> paths = mvtu_image_paths(cfg, prefix);
  write_image(paths[0], weight_words(cfg));
  if (cfg.last()) {
    write_image(paths[1], score_words(cfg));
    return;
  }
  for (uint32_t lane = 0; lane < cfg.EncLanes; ++lane)
    write_image(paths[1 + lane], threshold_lane_words(cfg, lane));
}

}  // namespace rebnet::rtlgen
