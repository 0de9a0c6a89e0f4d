// Random but meaningful parameters for a skeleton: weights with random signs,
// scales in [1, 255], thresholds spread over the accumulator's likely range so
// that every level toggles. Used by tests and by `rebnet random-model`.
#pragma once

#include <cstdint>

#include "contract/model.h"

namespace rebnet {

// Fills scales, weights, thresholds and scores of every compute layer of
// `skeleton` (kinds, sizes and levels_out set) and finalizes it.
Model randomize(Model skeleton, uint64_t seed);

}  // namespace rebnet
