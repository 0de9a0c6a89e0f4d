// A ReBNet network in the integer contract (docs/integer-contract.md): the
// single description every implementation (trainer export, golden models,
// SystemC, RTL) consumes. Plain data plus validation; no arithmetic here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace rebnet {

// Limits the contract guarantees; they make every accumulator, threshold and
// score fit the widths documented in docs/integer-contract.md.
inline constexpr uint32_t kMaxLevels = 8;          // levels per activation code
inline constexpr uint32_t kMaxDimension = 1024;    // image height / width
inline constexpr uint32_t kMaxChannels = 4096;     // channels or neurons
inline constexpr uint32_t kMaxFanIn = 1u << 16;    // synapses per neuron
inline constexpr uint32_t kMaxLayers = 64;
inline constexpr uint64_t kMaxActivationElements = uint64_t{1} << 24;  // per tensor
inline constexpr uint32_t kMaxKernel = 15;
inline constexpr int64_t kMaxAccumulatorBound = (int64_t{1} << 26) - 1;  // fan_in * sum(scales)
inline constexpr int32_t kScoreScaleMin = -(1 << 15);
inline constexpr int32_t kScoreScaleMax = (1 << 15) - 1;
inline constexpr int64_t kScoreBiasLimit = int64_t{1} << 46;  // |bias| < limit

// Shape of an activation tensor, stored pixel-major with channels innermost.
struct Shape {
  uint32_t height = 0;
  uint32_t width = 0;
  uint32_t channels = 0;
  uint64_t elements() const { return uint64_t{height} * width * channels; }
  bool operator==(const Shape&) const = default;
};

enum class LayerKind : uint32_t { Dense = 1, Conv = 2, MaxPool = 3 };

const char* to_string(LayerKind kind);

// Row-major matrix of weight bits, one row per output neuron; bit 1 means +1.
// Rows are padded to whole 64-bit words with zeros.
class BitMatrix {
 public:
  BitMatrix() = default;
  BitMatrix(uint32_t rows, uint32_t cols);
  uint32_t rows() const { return rows_; }
  uint32_t cols() const { return cols_; }
  uint32_t words_per_row() const { return words_per_row_; }
  bool get(uint32_t row, uint32_t col) const {
    return (words_[uint64_t{row} * words_per_row_ + col / 64] >> (col % 64)) & 1u;
  }
  void set(uint32_t row, uint32_t col, bool value);
  const uint64_t* row(uint32_t r) const { return &words_[uint64_t{r} * words_per_row_]; }
  uint64_t* row(uint32_t r) { return &words_[uint64_t{r} * words_per_row_]; }
  bool operator==(const BitMatrix&) const = default;

 private:
  uint32_t rows_ = 0;
  uint32_t cols_ = 0;
  uint32_t words_per_row_ = 0;
  std::vector<uint64_t> words_;
};

struct Layer {
  LayerKind kind = LayerKind::Dense;
  uint32_t neurons = 0;     // Dense: outputs; Conv: output channels; MaxPool: 0
  uint32_t kernel = 0;      // Conv: K of the K x K window; MaxPool: 2; Dense: 0
  uint32_t levels_out = 0;  // levels of the output code; 0 marks the last layer.
                            // MaxPool: derived, equal to levels_in.

  // Derived by Model::finalize() from the topology; not stored in the file.
  Shape in;
  Shape out;
  uint32_t levels_in = 0;
  uint32_t fan_in = 0;

  // Compute layers (Dense, Conv) only.
  std::vector<uint32_t> scales;      // G_1..G_{levels_in} of the input code, 1..255
  BitMatrix weights;                 // neurons x fan_in
  std::vector<int32_t> thresholds;   // hidden: neurons x (2^levels_out - 1), heap order
  std::vector<int32_t> score_scale;  // last: A_j
  std::vector<int64_t> score_bias;   // last: C_j

  bool computes() const { return kind != LayerKind::MaxPool; }
  bool last() const { return computes() && levels_out == 0; }
  uint32_t thresholds_per_neuron() const { return (1u << levels_out) - 1; }
  // Largest |accumulator| this layer can produce: fan_in * sum of scales.
  int64_t accumulator_bound() const;
};

struct Model {
  Shape input;                // image shape; pixels are 8-bit
  uint32_t pixel_levels = 8;  // residual levels of the pixel code, 1..8
  std::string description;    // free text, e.g. how the model was made
  std::vector<Layer> layers;

  // Derives shapes, fan-ins and level counts from the topology and checks the
  // topology. Throws rebnet::Error naming the first bad field.
  void derive_shapes();
  // derive_shapes(), then checks every parameter against the contract.
  void finalize();
  uint32_t classes() const { return layers.back().neurons; }
  // Largest level count of any hidden activation (0 when there is none).
  uint32_t max_hidden_levels() const;
  // The largest run-time level count k: max(1, max_hidden_levels()) (integer contract,
  // section 7; a model with no hidden layer runs at k = 1, which changes nothing).
  uint32_t max_run_levels() const { return std::max<uint32_t>(1, max_hidden_levels()); }
};

// Scales of the pixel code: G_l = 2^(8-l), so that 8 levels reproduce 2p-255.
std::vector<uint32_t> pixel_scales(uint32_t levels);

}  // namespace rebnet
