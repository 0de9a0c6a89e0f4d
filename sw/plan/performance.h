// The analytical performance model (docs/performance-model.md): the cycles per frame
// each block of a plan needs with nothing stalling it, and the layer that bounds the
// frame interval. The SystemC model's measured interval must equal it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contract/model.h"
#include "plan/network_plan.h"

namespace rebnet {

// Analytical model (docs/performance-model.md): cycles per frame each stage
// needs at run-time level count k with nothing stalling it.
struct StageCycles {
  const Stage* stage = nullptr;
  uint64_t cycles = 0;
};
struct LayerCycles {
  int layer = -1;
  uint64_t cycles = 0;  // the slowest stage of the layer
  uint32_t pe = 0, simd = 0, levels_in = 0;
};
struct Performance {
  std::vector<StageCycles> stages;
  std::vector<LayerCycles> layers;  // one per model layer
  uint64_t ideal_cycles_per_frame = 0;  // the slowest stage
  std::string bound_by;                  // its instance name
};
Performance analyze(const NetworkPlan& plan, uint32_t k);

// Frame interval of a sliding-window unit on its own: its N window words leave
// back to back, then it waits for K-1 rows of the next frame (the unit holds
// K+1 rows), so max(input words, N + (K-1) * RowWords).
uint64_t sliding_window_cycles(const SlidingWindowConfig& c);

// Cycles per frame of an MVTU with this folding at run-time level count k
// (the MVTU row of docs/performance-model.md).
uint64_t layer_cycles(const Layer& layer, bool pixel_input, uint32_t pixel_levels, uint32_t pe,
                      uint32_t simd, uint32_t k);

}  // namespace rebnet
