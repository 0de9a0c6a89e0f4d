#include "contract/topology.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "contract/error.h"

namespace rebnet {
namespace {

// "784-256-256-10": the first number is the input size, the last the classes.
std::vector<uint32_t> parse_mlp(const std::string& text) {
  std::vector<uint32_t> sizes;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('-', start), text.size());
    uint32_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, value);
    if (ec != std::errc() || ptr != text.data() + end || value == 0 || value > kMaxFanIn)
      throw Error("topology '" + text + "': '" + text.substr(start, end - start) +
                  "' is not a layer size in [1, " + std::to_string(kMaxFanIn) + "]; " +
                  topology_help());
    sizes.push_back(value);
    start = end + 1;
  }
  if (sizes.size() < 2)
    throw Error("topology '" + text + "' needs at least an input and an output size");
  return sizes;
}

Model mlp(const std::vector<uint32_t>& sizes, uint32_t levels) {
  Model m;
  // A square image when the input size is a square (784 = 28x28), else a row.
  uint32_t side = 1;
  while ((side + 1) * (side + 1) <= sizes[0]) ++side;
  m.input = side * side == sizes[0] ? Shape{side, side, 1} : Shape{1, sizes[0], 1};
  for (size_t i = 1; i < sizes.size(); ++i)
    m.layers.push_back(dense_layer(sizes[i], i + 1 == sizes.size() ? 0 : levels));
  return m;
}

}  // namespace

Layer dense_layer(uint32_t neurons, uint32_t levels_out) {
  Layer l;
  l.kind = LayerKind::Dense;
  l.neurons = neurons;
  l.levels_out = levels_out;
  return l;
}

Layer conv_layer(uint32_t channels, uint32_t kernel, uint32_t levels_out) {
  Layer l = dense_layer(channels, levels_out);
  l.kind = LayerKind::Conv;
  l.kernel = kernel;
  return l;
}

Layer pool_layer() {
  Layer l;
  l.kind = LayerKind::MaxPool;
  l.kernel = 2;
  return l;
}

std::string topology_help() {
  return "topologies: sfc (784-256-256-256-10), lfc (784-1024-1024-1024-10), "
         "cnv (28x28x1: conv 32-32-pool-64-64-pool, fc 256-10), "
         "cnv-cifar (32x32x3: conv 64-64-pool-128-128-pool-256-256, fc 512-512-10), "
         "or a dash-separated MLP such as 784-256-10";
}

Model skeleton(const std::string& topology, uint32_t levels, uint32_t pixel_levels) {
  if (levels < 1 || levels > kMaxLevels)
    throw Error("--levels = " + std::to_string(levels) + ": expected a level count in [1, " +
                std::to_string(kMaxLevels) + "]");
  if (pixel_levels < 1 || pixel_levels > 8)
    throw Error("--pixel-levels = " + std::to_string(pixel_levels) +
                ": expected a level count in [1, 8]");
  Model m;
  if (topology == "sfc") {
    m = mlp({784, 256, 256, 256, 10}, levels);
  } else if (topology == "lfc") {
    m = mlp({784, 1024, 1024, 1024, 10}, levels);
  } else if (topology == "cnv") {
    m.input = {28, 28, 1};
    m.layers = {conv_layer(32, 3, levels), conv_layer(32, 3, levels), pool_layer(),
                conv_layer(64, 3, levels), conv_layer(64, 3, levels), pool_layer(),
                dense_layer(256, levels), dense_layer(10, 0)};
  } else if (topology == "cnv-cifar") {
    m.input = {32, 32, 3};
    m.layers = {conv_layer(64, 3, levels),  conv_layer(64, 3, levels),  pool_layer(),
                conv_layer(128, 3, levels), conv_layer(128, 3, levels), pool_layer(),
                conv_layer(256, 3, levels), conv_layer(256, 3, levels), dense_layer(512, levels),
                dense_layer(512, levels),   dense_layer(10, 0)};
  } else if (!topology.empty() && std::isdigit(static_cast<unsigned char>(topology[0]))) {
    m = mlp(parse_mlp(topology), levels);
  } else {
    throw Error("unknown topology '" + topology + "'; " + topology_help());
  }
  m.pixel_levels = pixel_levels;
  m.description = "topology=" + topology + " levels=" + std::to_string(levels) +
                  " pixel_levels=" + std::to_string(pixel_levels);
  return m;
}

}  // namespace rebnet
