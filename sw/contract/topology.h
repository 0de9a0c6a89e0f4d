// Named network shapes (sfc, lfc, cnv, cnv-cifar, dash-separated MLPs) as
// model skeletons: layer kinds and sizes, without trained parameters.
#pragma once

#include <string>
#include <vector>

#include "contract/model.h"

namespace rebnet {

// Skeleton layers: kinds and sizes only (parameters come from training or randomize()).
Layer dense_layer(uint32_t neurons, uint32_t levels_out);
Layer conv_layer(uint32_t channels, uint32_t kernel, uint32_t levels_out);
Layer pool_layer();

// Names accepted by skeleton(), for --help texts.
std::string topology_help();

// The skeleton of a topology with every hidden activation at `levels` levels.
// Throws rebnet::Error for an unknown name or bad sizes; the level counts are
// named by the command-line options that carry them (--levels, --pixel-levels).
Model skeleton(const std::string& topology, uint32_t levels, uint32_t pixel_levels = 8);

}  // namespace rebnet
