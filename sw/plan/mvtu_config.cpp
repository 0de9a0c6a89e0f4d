#include "plan/mvtu_config.h"

#include <algorithm>
#include <string>

#include "contract/error.h"

namespace rebnet {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw Error("mvtu config: " + what);
}

std::string num(int64_t v) { return std::to_string(v); }

uint32_t pow2_at_least(uint32_t n) { return 1u << clog2(n); }

}  // namespace

uint32_t enc_slots(uint32_t pe, uint32_t sf, uint32_t levels_in, uint32_t levels_out) {
  if (levels_out == 0) return 1;
  uint64_t most = levels_out > levels_in ? uint64_t{sf} * levels_in / levels_out : sf;
  most = std::clamp<uint64_t>(most, 1, pe);
  const uint64_t lanes = (pe + most - 1) / most;
  return static_cast<uint32_t>((pe + lanes - 1) / lanes);
}

int64_t MvtuConfig::lane_threshold(uint32_t lane, uint64_t addr) const {
  // The node field is node + 1 (0 unused), or 0 for the single node of LevelsOut = 1.
  const uint32_t field = static_cast<uint32_t>(addr % NodeSpan);
  const uint32_t slot = static_cast<uint32_t>(addr / NodeSpan % SlotSpan);
  const uint64_t nf = addr / NodeSpan / SlotSpan;
  const uint64_t p = uint64_t{lane} * EncSlots + slot;
  if (NodeSpan > 1 && field == 0) return 0;
  const uint32_t node = NodeSpan > 1 ? field - 1 : 0;
  if (slot >= EncSlots || p >= Pe || node >= Nodes || nf >= NF) return 0;
  return thresholds[p][nf * Nodes + node];
}

int64_t MvtuConfig::acc_start(uint32_t in_levels) const {
  int64_t sum = 0;
  for (uint32_t l = 0; l < in_levels && l < Scales.size(); ++l) sum += Scales[l];
  return int64_t{MatrixW} * sum;
}

void MvtuConfig::derive() {
  require(MatrixW >= 1 && MatrixW <= kMaxFanIn, "MatrixW = " + num(MatrixW) + " is outside [1, 65536]");
  require(MatrixH >= 1, "MatrixH = " + num(MatrixH) + " must be at least 1");
  require(Simd >= 1, "Simd = " + num(Simd) + " must be at least 1");
  require(Pe >= 1 && MatrixH % Pe == 0,
          "Pe = " + num(Pe) + " does not divide MatrixH = " + num(MatrixH));
  require(LevelsIn >= 1 && LevelsIn <= kMaxLevels, "LevelsIn = " + num(LevelsIn) + " is outside [1, 8]");
  require(LevelsOut <= kMaxLevels, "LevelsOut = " + num(LevelsOut) + " is outside [0, 8]");
  require(OutFifoDepth >= 1, "OutFifoDepth = " + num(OutFifoDepth) + " must be at least 1");
  require(Scales.size() == LevelsIn,
          "Scales has " + num(Scales.size()) + " entries, LevelsIn = " + num(LevelsIn));
  for (uint32_t g : Scales) require(g >= 1 && g <= 255, "scale " + num(g) + " is outside [1, 255]");
  NF = MatrixH / Pe;
  SF = (MatrixW + Simd - 1) / Simd;
  Nodes = (1u << LevelsOut) - 1;
  EncSlots = enc_slots(Pe, SF, LevelsIn, LevelsOut);
  EncLanes = (Pe + EncSlots - 1) / EncSlots;
  require(last() || EncLanes <= kMaxEncLanes,
          "Pe = " + num(Pe) + " needs " + num(EncLanes) + " encoder lanes, at most " +
              num(kMaxEncLanes) + " (fewer PEs or a smaller Simd)");
  SlotSpan = pow2_at_least(EncSlots);
  NodeSpan = pow2_at_least(std::max<uint32_t>(Nodes, 1));
  int64_t sum = 0;
  for (uint32_t g : Scales) sum += g;
  B = int64_t{MatrixW} * sum;
  require(B <= kMaxAccumulatorBound, "accumulator bound B = " + num(B) + " exceeds 67108863");
  AccWidth = clog2(static_cast<uint64_t>(B) + 2) + 1;

  require(weights.size() == uint64_t{NF} * SF,
          "weights have " + num(weights.size()) + " tiles, expected NF*SF = " + num(uint64_t{NF} * SF));
  for (const Bits& w : weights)
    require(w.width() == Pe * Simd, "weight tile of " + num(w.width()) + " bits, expected Pe*Simd");
  if (last()) {
    require(score_scale.size() == Pe && score_bias.size() == Pe, "score images need Pe banks");
    for (uint32_t p = 0; p < Pe; ++p)
      require(score_scale[p].size() == NF && score_bias[p].size() == NF,
              "score bank " + num(p) + " needs NF entries");
  } else {
    require(thresholds.size() == Pe, "threshold images need Pe banks");
    for (uint32_t p = 0; p < Pe; ++p)
      require(thresholds[p].size() == uint64_t{NF} * Nodes,
              "threshold bank " + num(p) + " needs NF*Nodes entries");
  }
}

MvtuConfig make_mvtu_config(const Layer& layer, Folding folding, bool pixel_input,
                            uint32_t out_fifo_depth) {
  require(layer.computes(), "layer kind " + std::string(to_string(layer.kind)) + " has no MVTU");
  if (layer.kind == LayerKind::Conv)
    require(folding.simd >= 1 && layer.in.channels % folding.simd == 0,
            "conv layer: Simd = " + num(folding.simd) + " does not divide the " +
                num(layer.in.channels) + " input channels");
  MvtuConfig c;
  c.MatrixW = layer.fan_in;
  c.MatrixH = layer.neurons;
  c.Simd = folding.simd;
  c.Pe = folding.pe;
  c.LevelsIn = layer.levels_in;
  c.LevelsOut = layer.levels_out;
  c.PixelInput = pixel_input;
  c.OutFifoDepth = out_fifo_depth;
  c.Scales = layer.scales;
  require(c.Pe >= 1 && c.MatrixH % c.Pe == 0,
          "Pe = " + num(c.Pe) + " does not divide MatrixH = " + num(c.MatrixH));
  require(c.Simd >= 1, "Simd must be at least 1");
  const uint32_t nf_count = c.MatrixH / c.Pe;
  const uint32_t sf_count = (c.MatrixW + c.Simd - 1) / c.Simd;
  const uint32_t nodes = (1u << c.LevelsOut) - 1;

  c.weights.assign(uint64_t{nf_count} * sf_count, Bits(c.Pe * c.Simd));
  for (uint32_t nf = 0; nf < nf_count; ++nf)
    for (uint32_t sf = 0; sf < sf_count; ++sf) {
      Bits& tile = c.weights[uint64_t{nf} * sf_count + sf];
      for (uint32_t p = 0; p < c.Pe; ++p)
        for (uint32_t i = 0; i < c.Simd; ++i) {
          const uint32_t s = sf * c.Simd + i;
          if (s < c.MatrixW) tile.set_bit(p * c.Simd + i, layer.weights.get(nf * c.Pe + p, s));
        }
    }
  if (layer.last()) {
    c.score_scale.assign(c.Pe, std::vector<int32_t>(nf_count));
    c.score_bias.assign(c.Pe, std::vector<int64_t>(nf_count));
    for (uint32_t nf = 0; nf < nf_count; ++nf)
      for (uint32_t p = 0; p < c.Pe; ++p) {
        c.score_scale[p][nf] = layer.score_scale[nf * c.Pe + p];
        c.score_bias[p][nf] = layer.score_bias[nf * c.Pe + p];
      }
  } else {
    c.thresholds.assign(c.Pe, std::vector<int32_t>(uint64_t{nf_count} * nodes));
    for (uint32_t nf = 0; nf < nf_count; ++nf)
      for (uint32_t p = 0; p < c.Pe; ++p)
        for (uint32_t n = 0; n < nodes; ++n)
          c.thresholds[p][uint64_t{nf} * nodes + n] =
              layer.thresholds[uint64_t{nf * c.Pe + p} * nodes + n];
  }
  c.derive();
  return c;
}

std::vector<Bits> pack_mvtu_input(const MvtuConfig& cfg, const uint8_t* codes) {
  std::vector<Bits> words(cfg.SF, Bits(cfg.in_bits()));
  for (uint32_t i = 0; i < cfg.MatrixW; ++i)
    words[i / cfg.Simd].put((i % cfg.Simd) * cfg.LevelsIn, cfg.LevelsIn, codes[i]);
  return words;
}

Bits pack_mvtu_codes(const MvtuConfig& cfg, const uint8_t* codes) {
  Bits w(cfg.out_bits());
  for (uint32_t p = 0; p < cfg.Pe; ++p) w.put(p * cfg.LevelsOut, cfg.LevelsOut, codes[p]);
  return w;
}

Bits pack_mvtu_scores(const MvtuConfig& cfg, const int64_t* scores) {
  Bits w(cfg.out_bits());
  for (uint32_t p = 0; p < cfg.Pe; ++p)
    w.put(p * kScoreBits, kScoreBits, static_cast<uint64_t>(scores[p]));
  return w;
}

}  // namespace rebnet
