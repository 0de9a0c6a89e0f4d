// Export of a trained binary network to the integer contract: BatchNorm and the level
// scales folded into thresholds and score parameters (docs/integer-contract.md sections 2,
// 6 and 10).
#pragma once

#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "train/network.h"

namespace rebnet::train {

// G_l = max(1, round(255 g_l / max_i g_i)).
std::vector<uint32_t> integer_scales(const std::vector<double>& g);

// The finalized integer model of `net` (binary, eval-mode BatchNorm statistics); the
// description is the skeleton's. Throws rebnet::Error for a full-precision network or
// non-finite BatchNorm parameters.
Model export_model(const NetworkImpl& net);

}  // namespace rebnet::train
