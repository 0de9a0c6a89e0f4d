#include "plan/performance.h"

#include <algorithm>

namespace rebnet {
namespace {

uint64_t vectors(const Layer& layer) {
  return layer.kind == LayerKind::Conv ? uint64_t{layer.out.height} * layer.out.width : 1;
}

}  // namespace

uint64_t sliding_window_cycles(const SlidingWindowConfig& c) {
  const uint64_t out_pixels = uint64_t{c.InHeight - c.Kernel + 1} * (c.InWidth - c.Kernel + 1);
  const uint64_t words = out_pixels * c.Kernel * c.Kernel * c.pixel_words();
  return std::max(uint64_t{c.InHeight} * c.row_words(),
                  words + uint64_t{c.Kernel - 1} * c.row_words());
}

Performance analyze(const NetworkPlan& plan, uint32_t k) {
  Performance perf;
  // Vectors (input pixels for conv, one per frame for dense) each stage sees per frame.
  for (const Stage& s : plan.stages) {
    uint64_t cycles = 0;
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<C, PixelEncoderConfig>) {
            cycles = plan.frame_in_words;
          } else if constexpr (std::is_same_v<C, WidthConverterConfig>) {
            // words in and out per vector; vectors per frame from the frame size.
            const uint64_t in_words = c.VectorElems / c.InElems;
            const uint64_t out_words = (c.VectorElems + c.OutElems - 1) / c.OutElems;
            cycles = std::max(in_words, out_words);
          } else if constexpr (std::is_same_v<C, SlidingWindowConfig>) {
            cycles = sliding_window_cycles(c);
          } else if constexpr (std::is_same_v<C, MvtuConfig>) {
            cycles = uint64_t{c.NF} * c.group_cycles(k);
          } else if constexpr (std::is_same_v<C, MaxPoolConfig>) {
            cycles = uint64_t{c.InHeight} * c.InWidth * (c.Channels / c.Elems);
          } else if constexpr (std::is_same_v<C, LabelSelectConfig>) {
            cycles = c.frame_cycles();  // NF, or the compare tree's latency when longer
          }
        },
        s.config);
    perf.stages.push_back({&s, cycles});
  }
  // Per-vector stages (width converters and MVTUs) run once per vector of their layer.
  for (StageCycles& sc : perf.stages) {
    const Stage& s = *sc.stage;
    if (s.kind() != StageKind::WidthConverter && s.kind() != StageKind::Mvtu) continue;
    // A conv layer's converter regroups each input pixel; its MVTU runs once per output pixel.
    for (const StageCycles& other : perf.stages)
      if (other.stage->layer == s.layer && other.stage->kind() == StageKind::SlidingWindow) {
        const auto& swu = std::get<SlidingWindowConfig>(other.stage->config);
        sc.cycles *= s.kind() == StageKind::WidthConverter
                         ? uint64_t{swu.InHeight} * swu.InWidth
                         : uint64_t{swu.InHeight - swu.Kernel + 1} * (swu.InWidth - swu.Kernel + 1);
      }
  }
  for (const StageCycles& sc : perf.stages) {
    if (sc.cycles > perf.ideal_cycles_per_frame) {
      perf.ideal_cycles_per_frame = sc.cycles;
      perf.bound_by = sc.stage->name;
    }
    if (sc.stage->layer < 0) continue;
    const auto layer = static_cast<size_t>(sc.stage->layer);
    if (perf.layers.size() <= layer) perf.layers.resize(layer + 1);
    LayerCycles& lc = perf.layers[layer];
    lc.layer = sc.stage->layer;
    lc.cycles = std::max(lc.cycles, sc.cycles);
    if (const auto* m = std::get_if<MvtuConfig>(&sc.stage->config)) {
      lc.pe = m->Pe;
      lc.simd = m->Simd;
      lc.levels_in = m->in_levels(k);
    } else if (const auto* p = std::get_if<MaxPoolConfig>(&sc.stage->config)) {
      lc.levels_in = std::min(k, p->ElemBits);
    }
  }
  return perf;
}

uint64_t layer_cycles(const Layer& layer, bool pixel_input, uint32_t pixel_levels, uint32_t pe,
                      uint32_t simd, uint32_t k) {
  const uint64_t in_levels = pixel_input ? pixel_levels : std::min(k, layer.levels_in);
  const uint64_t out_levels = std::min(k, layer.levels_out);
  const uint64_t sf = (layer.fan_in + simd - 1) / simd;
  return vectors(layer) * (layer.neurons / pe) * std::max(sf * in_levels, out_levels);
}

}  // namespace rebnet
