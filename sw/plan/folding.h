// The folding file (JSON): how each layer of a model is spread over hardware.
//
//   {"input_elems": 8,                       (optional: pixels per input word)
//    "layers": [{"pe": P, "simd": S, "fifo_depth": D}, ...]}
//
// One entry per model layer, in order. A dense or conv layer needs "pe" and
// "simd"; "fifo_depth" (its output FIFO, default 8) is optional. A max-pool
// layer takes an empty object {}. check_folding() applies the rules against a
// model before anything is built; errors name the file, the entry, the field,
// the value and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "contract/model.h"

namespace rebnet {

inline constexpr uint32_t kDefaultFifoDepth = 8;
inline constexpr uint32_t kMaxFifoDepth = 1u << 16;

struct LayerFolding {
  uint32_t pe = 0;  // 0: not given (a max-pool entry)
  uint32_t simd = 0;
  uint32_t fifo_depth = kDefaultFifoDepth;
};

struct NetworkFolding {
  uint32_t input_elems = 0;  // 0: the largest of 8, 4, 2, 1 the first layer accepts
  std::vector<LayerFolding> layers;
};

// Parses `text` (syntax and field types only); `source` names it in messages.
NetworkFolding parse_folding(const std::string& text, const std::string& source);
NetworkFolding read_folding(const std::string& path);
nlohmann::json folding_json(const NetworkFolding& folding);

// Checks `folding` against `model` (entry count, PE divides the neurons, SIMD
// >= 1 and, for conv, divides the input channels, FIFO depth >= 2, input_elems
// divides the first layer's input vector) and fills input_elems when it is 0.
// Throws rebnet::Error naming `source`.
void check_folding(NetworkFolding& folding, const Model& model, const std::string& source);

// Elements of the first layer's input vector that one input word must divide:
// the fan-in of a dense first layer, the channels of a conv or pool.
uint32_t first_vector_elems(const Model& model);

}  // namespace rebnet
