// Automatic folding, like FINN's: for a target frame interval, give each layer
// the least parallelism (PE x SIMD) whose cycles per frame meet the target,
// so that the layers are balanced and none does more work per frame than it
// must (docs/performance-model.md).
#pragma once

#include <cstdint>

#include "contract/model.h"
#include "rebnet_folding.h"

namespace rebnet::sc {

// Cycles per frame of an MVTU with this folding at run-time level count k
// (the MVTU row of docs/performance-model.md).
uint64_t layer_cycles(const Layer& layer, bool pixel_input, uint32_t pixel_levels, uint32_t pe,
                      uint32_t simd, uint32_t k);

// The folding whose every layer needs at most `target_cycles` per frame at
// run-time level count k, with the fewest PE x SIMD per layer (ties: fewer
// cycles, then more SIMD). Throws rebnet::Error when a layer cannot meet the
// target even fully parallel (PE = neurons, SIMD = fan-in or channels).
NetworkFolding auto_folding(const Model& model, uint64_t target_cycles, uint32_t k);

}  // namespace rebnet::sc
