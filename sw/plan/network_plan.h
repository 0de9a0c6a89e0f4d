// The network as a pipeline of hardware blocks, derived from a model and a
// folding (docs/microarchitecture.md, "Network"). One plan drives the SystemC
// network (rebnet_network), the generated RTL top (rebnet export-rtl) and the
// analytical performance model, so all three have the same blocks, instance
// names, stream names and parameters.
//
// Pipeline: in -> u_pixel_encoder -> per layer i:
//   dense:   [u_l<i>_wc] -> u_l<i>_mvtu
//   conv:    [u_l<i>_wc] -> u_l<i>_swu -> u_l<i>_mvtu
//   maxpool: u_l<i>_pool
// -> u_label_select -> out. A width converter is placed only where the word
// formats differ or the last word of a vector needs padding.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "contract/model.h"
#include "plan/folding.h"
#include "plan/label_select_config.h"
#include "plan/max_pool_config.h"
#include "plan/mvtu_config.h"
#include "plan/pixel_encoder_config.h"
#include "plan/sliding_window_config.h"
#include "plan/width_converter_config.h"

namespace rebnet {

using StageConfig = std::variant<PixelEncoderConfig, WidthConverterConfig, SlidingWindowConfig,
                                 MvtuConfig, MaxPoolConfig, LabelSelectConfig>;

enum class StageKind { PixelEncoder, WidthConverter, SlidingWindow, Mvtu, MaxPool, LabelSelect };
const char* to_string(StageKind kind);

struct Stage {
  std::string name;    // instance name, e.g. u_l2_mvtu
  std::string stream;  // its output stream (<stream>_valid/_ready/_data), e.g. l2_mvtu
  int layer = -1;      // model layer, -1 for the pixel encoder and the label select
  uint32_t out_bits = 0;
  StageConfig config;
  StageKind kind() const { return static_cast<StageKind>(config.index()); }
};

struct NetworkPlan {
  std::vector<Stage> stages;   // in stream order
  NetworkFolding folding;      // checked, input_elems filled in
  uint32_t input_elems = 0;    // pixels per input word (in_data_i = input_elems bytes)
  uint32_t classes = 0;
  uint32_t max_levels = 1;     // largest run-time k (the model's hidden levels)
  uint64_t frame_in_words = 0; // input words per frame
  uint32_t in_bits() const { return input_elems * 8; }
  uint32_t out_bits() const { return kLabelBits + kScoreBits * classes; }
};

// Checks `folding` against `model` (check_folding) and lays out the blocks.
// Throws rebnet::Error naming `folding_source` for folding errors.
NetworkPlan plan_network(const Model& model, NetworkFolding folding,
                         const std::string& folding_source);

}  // namespace rebnet
