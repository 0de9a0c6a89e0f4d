// Automatic folding, like FINN's: for a target frame interval, give each layer
// the least parallelism (PE x SIMD) whose cycles per frame meet the target,
// so that the layers are balanced and none does more work per frame than it
// must (docs/performance-model.md).
#pragma once

#include <cstdint>

#include "contract/model.h"
#include "plan/folding.h"

namespace rebnet {

// The folding whose every layer needs at most `target_cycles` per frame at
// run-time level count k, with the fewest PE x SIMD per layer (ties: fewer
// cycles, then more SIMD). Throws rebnet::Error when a layer cannot meet the
// target even fully parallel (PE = neurons, SIMD = fan-in or channels).
NetworkFolding auto_folding(const Model& model, uint64_t target_cycles, uint32_t k);

}  // namespace rebnet
