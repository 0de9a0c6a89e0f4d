// The worked examples of docs/integer-contract.md section 13, one TEST each,
// run through the plain-loop reference. The arithmetic is in the comments and
// in the document; a change to either side must change both.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "golden/activation.h"
#include "golden/reference.h"

namespace rebnet {
namespace {

// Weight matrix from rows of 0/1 (1 means +1).
BitMatrix bits(const std::vector<std::vector<int>>& rows) {
  BitMatrix m(static_cast<uint32_t>(rows.size()), static_cast<uint32_t>(rows.at(0).size()));
  for (uint32_t r = 0; r < m.rows(); ++r)
    for (uint32_t c = 0; c < m.cols(); ++c) m.set(r, c, rows[r][c] != 0);
  return m;
}

// A compute layer filled by hand (no Model::finalize), for inputs that are not
// pixel codes.
Layer hand_layer(LayerKind kind, Shape in, Shape out, uint32_t levels_in, uint32_t fan_in,
                 uint32_t levels_out, std::vector<uint32_t> scales, BitMatrix weights) {
  Layer layer;
  layer.kind = kind;
  layer.neurons = out.channels;
  layer.levels_out = levels_out;
  layer.in = in;
  layer.out = out;
  layer.levels_in = levels_in;
  layer.fan_in = fan_in;
  layer.scales = std::move(scales);
  layer.weights = std::move(weights);
  return layer;
}

// (a) 4-synapse dense neuron, 2-level input, scales (G1, G2) = (3, 1).
//   element  s1 s2  code  value = 3(2s1-1) + 1(2s2-1)
//      0      1  0    1    3 - 1 =  2
//      1      0  1    2   -3 + 1 = -2
//      2      1  1    3    3 + 1 =  4
//      3      0  0    0   -3 - 1 = -4
//   weights w = 1 0 1 1 (+1 -1 +1 +1)
//   level 1: s = 1 0 1 0, w XOR s = 0 0 0 1 -> mismatches 1, matches 3, dot = 2*3 - 4 =  2
//   level 2: s = 0 1 1 0, w XOR s = 1 1 0 1 -> mismatches 3, matches 1, dot = 2*1 - 4 = -2
//   acc = 3*2 + 1*(-2) = 4;  check: sum w_k e_k = 2 + 2 + 4 - 4 = 4;  B = 4*(3+1) = 16.
TEST(ContractExamples, DenseNeuronTwoLevels) {
  Layer layer = hand_layer(LayerKind::Dense, {1, 1, 4}, {1, 1, 1}, 2, 4, 1, {3, 1},
                           bits({{1, 0, 1, 1}}));
  layer.thresholds = {4};  // acc = 4 >= 4 -> bit 1 (sign(0) = +1)
  const Activation in{{1, 1, 4}, 2, {1, 2, 3, 0}};
  EXPECT_EQ(layer.accumulator_bound(), 16);
  EXPECT_EQ(reference::accumulate(layer, in, 0, 0, 0), 4);
  EXPECT_EQ(reference::run_layer(layer, in, 0).codes, std::vector<uint8_t>({1}));
  layer.thresholds = {5};  // 4 < 5 -> bit 0
  EXPECT_EQ(reference::run_layer(layer, in, 0).codes, std::vector<uint8_t>({0}));
}

// (b) Threshold table for Mo = 2, heap order T = (T[0], T[1], T[2]) = (0, -5, 5).
//   Made by export from a' = 0.5 (z = 0.5*acc + c), c = 0, next scale h1 = 2.5:
//   T[0] = ceil((0 - 0)/0.5) = 0, T[1] = ceil((-2.5 - 0)/0.5) = -5, T[2] = ceil((2.5 - 0)/0.5) = 5.
//   walk: s1 = acc >= T[0]; node = 1 + s1; s2 = acc >= T[node]; code = s1 | s2 << 1.
//   acc  5: s1 = 5>=0 = 1, node 2, s2 = 5>=5  = 1 -> code 3   (z = 2.5, r2 = 0: sign(0) = +1)
//   acc  4: s1 = 1,        node 2, s2 = 4>=5  = 0 -> code 1
//   acc  0: s1 = 0>=0 = 1, node 2, s2 = 0>=5  = 0 -> code 1   (z = 0: sign(0) = +1)
//   acc -1: s1 = 0,        node 1, s2 = -1>=-5 = 1 -> code 2
//   acc -5: s1 = 0,        node 1, s2 = -5>=-5 = 1 -> code 2  (r2 = -2.5 + 2.5 = 0)
//   acc -6: s1 = 0,        node 1, s2 = -6>=-5 = 0 -> code 0
//   with 1 level (k = 1) the code is s1 alone.
TEST(ContractExamples, ThresholdTableWalk) {
  Layer layer;
  layer.neurons = 1;
  layer.levels_out = 2;
  layer.thresholds = {0, -5, 5};
  ASSERT_EQ(layer.thresholds_per_neuron(), 3u);
  const int64_t acc[] = {5, 4, 0, -1, -5, -6};
  const uint8_t two_levels[] = {3, 1, 1, 2, 2, 0};
  const uint8_t one_level[] = {1, 1, 1, 0, 0, 0};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(reference::encode(layer, 0, acc[i], 2), two_levels[i]) << "acc " << acc[i];
    EXPECT_EQ(reference::encode(layer, 0, acc[i], 1), one_level[i]) << "acc " << acc[i];
  }
}

// (c) Pixel code of p = 200 = 0b1100'1000; level l = bit 8-l.
//   P = 8: s1..s8 = 1 1 0 0 1 0 0 0 -> code byte (bit l-1 = s_l) = 0b0001'0011 = 19
//          value = 128 + 64 - 32 - 16 + 8 - 4 - 2 - 1 = 145 = 2*200 - 255
//   P = 3: s1..s3 = 1 1 0 -> code 0b011 = 3
//          value = 128 + 64 - 32 = 160 = 2*(200 & 0xE0) - (256 - 32) = 384 - 224
//   The value is read back as the score of a 1-synapse dense last layer with
//   weight +1, A = 1, C = 0 (acc = sum_l G_l * (+-1)).
TEST(ContractExamples, PixelCode) {
  const uint8_t p = 200;
  const Activation a8 = encode_pixels(&p, {1, 1, 1}, 8);
  const Activation a3 = encode_pixels(&p, {1, 1, 1}, 3);
  EXPECT_EQ(a8.levels, 8u);
  EXPECT_EQ(a8.codes, std::vector<uint8_t>({19}));
  EXPECT_EQ(a3.levels, 3u);
  EXPECT_EQ(a3.codes, std::vector<uint8_t>({3}));

  const int64_t expected[] = {0, 0, 0, 160, 0, 0, 0, 0, 145};
  for (uint32_t levels : {3u, 8u}) {
    Model model;
    model.input = {1, 1, 1};
    model.pixel_levels = levels;
    Layer last;
    last.kind = LayerKind::Dense;
    last.neurons = 1;
    last.levels_out = 0;
    last.scales = pixel_scales(levels);
    last.weights = bits({{1}});
    last.score_scale = {1};
    last.score_bias = {0};
    model.layers = {last};
    model.finalize();
    const Result r = reference::run(model, &p, 0);
    EXPECT_EQ(r.scores, std::vector<int64_t>({expected[levels]})) << "P = " << levels;
  }
}

// (d) 2x2 max pool over a 2 (rows) x 3 (columns) x 2 (channels) input of
//   2-level codes (byte = s1 | s2 << 1); the last column is dropped (floor).
//   channel 0 window (0,0) (0,1) (1,0) (1,1) = codes 0 2 1 2 = (s1 s2) 00 01 10 01
//     lexicographic max (level 1 first) = 10 -> code 1; the byte maximum would be 2.
//     with scales (2, 1) the values are -3 -1 +1 -1: the max value +1 is code 1.
//     the dropped column holds code 3 (11), which must not win.
//   channel 1 window = codes 3 1 2 0 -> 11 wins -> code 3.
//   k = 1: the producer emitted level 1 only: channel 0 window 0 0 1 0 -> 1 = (code 1)
//   truncated to level 1; channel 1: 1 1 0 0 -> 1.
TEST(ContractExamples, MaxPoolLexicographic) {
  Layer pool;
  pool.kind = LayerKind::MaxPool;
  pool.kernel = 2;
  pool.in = {2, 3, 2};
  pool.out = {1, 1, 2};
  pool.levels_in = 2;
  pool.levels_out = 2;
  // raster order, channels innermost: index (y*3 + x)*2 + c
  const Activation in{{2, 3, 2}, 2, {0, 3, 2, 1, 3, 0, /* row 1 */ 1, 2, 2, 0, 3, 0}};
  const Activation out = reference::run_layer(pool, in, 0);
  EXPECT_EQ(out.levels, 2u);
  EXPECT_EQ(out.shape, (Shape{1, 1, 2}));
  EXPECT_EQ(out.codes, std::vector<uint8_t>({1, 3}));

  Activation in1 = in;
  in1.levels = 1;
  for (uint8_t& c : in1.codes) c &= 1;
  const Activation out1 = reference::run_layer(pool, in1, 1);
  EXPECT_EQ(out1.levels, 1u);
  EXPECT_EQ(out1.codes, std::vector<uint8_t>({1, 1}));
}

// (e) Conv, 3x3 input, 2 channels, K = 2, 1-level input with scale 1 (e = 2b-1),
//   fan-in 8, synapse s = (ky*2 + kx)*2 + c, output 2x2x2.
//   input bits  ch0: 1 0 1 / 0 1 1 / 1 1 0     ch1: 0 0 1 / 1 0 0 / 0 1 1
//   neuron 0, w = 1 1 1 1 0 0 0 0: +1 on window row ky = 0, -1 on ky = 1:
//     acc = (sum of e over window row 0) - (sum over window row 1)
//     (0,0): row0 cols0-1: ch0 1 0, ch1 0 0 -> +1-1-1-1 = -2; row1: ch0 0 1, ch1 1 0 -> 0;  acc -2
//     (0,1): row0 cols1-2: ch0 0 1, ch1 0 1 -> 0;  row1: ch0 1 1, ch1 0 0 -> 0;            acc  0
//     (1,0): row1 cols0-1: 0;  row2 cols0-1: ch0 1 1, ch1 0 1 -> +2;                       acc -2
//     (1,1): row1 cols1-2: 0;  row2 cols1-2: ch0 1 0, ch1 1 1 -> +2;                       acc -2
//   neuron 1, w = 1 0 1 0 1 0 1 0: +1 on channel 0, -1 on channel 1:
//     acc = (sum of ch0 e in window) - (sum of ch1 e in window)
//     (0,0): ch0 1 0 0 1 -> 0, ch1 0 0 1 0 -> -2: acc 2;  (0,1): ch0 0 1 1 1 -> 2, ch1 0 1 0 0 -> -2: acc 4
//     (1,0): ch0 0 1 1 1 -> 2, ch1 1 0 0 1 -> 0: acc 2;   (1,1): ch0 1 1 1 0 -> 2, ch1 0 0 1 1 -> 0: acc 2
//   (channel-outer order s = c*4 + ky*2 + kx would give neuron 0: 2 4 2 2, neuron 1: 2 -4 -2 2.)
//   thresholds Mo = 1: neuron 0 T = 0, neuron 1 T = 3 ->
//     codes n0: 0 1 0 0, n1: 0 1 0 0; output index (y*2 + x)*2 + j.
TEST(ContractExamples, ConvSynapseOrder) {
  Model shapes;
  shapes.input = {3, 3, 2};
  shapes.pixel_levels = 1;
  Layer conv;
  conv.kind = LayerKind::Conv;
  conv.neurons = 2;
  conv.kernel = 2;
  conv.levels_out = 1;
  Layer last;
  last.kind = LayerKind::Dense;
  last.neurons = 1;
  shapes.layers = {conv, last};
  shapes.derive_shapes();
  Layer layer = shapes.layers[0];
  EXPECT_EQ(layer.fan_in, 8u);
  EXPECT_EQ(layer.out, (Shape{2, 2, 2}));
  EXPECT_EQ(shapes.layers[1].fan_in, 8u);  // dense after conv: 2*2*2, flattened HWC

  layer.scales = {1};
  layer.weights = bits({{1, 1, 1, 1, 0, 0, 0, 0}, {1, 0, 1, 0, 1, 0, 1, 0}});
  layer.thresholds = {0, 3};
  const int ch0[9] = {1, 0, 1, 0, 1, 1, 1, 1, 0};
  const int ch1[9] = {0, 0, 1, 1, 0, 0, 0, 1, 1};
  Activation in{{3, 3, 2}, 1, std::vector<uint8_t>(18)};
  for (int p = 0; p < 9; ++p) {
    in.codes[2 * p] = static_cast<uint8_t>(ch0[p]);
    in.codes[2 * p + 1] = static_cast<uint8_t>(ch1[p]);
  }
  const int64_t acc0[4] = {-2, 0, -2, -2};
  const int64_t acc1[4] = {2, 4, 2, 2};
  for (uint32_t y = 0; y < 2; ++y)
    for (uint32_t x = 0; x < 2; ++x) {
      EXPECT_EQ(reference::accumulate(layer, in, 0, y, x), acc0[y * 2 + x]) << y << "," << x;
      EXPECT_EQ(reference::accumulate(layer, in, 1, y, x), acc1[y * 2 + x]) << y << "," << x;
    }
  const Activation out = reference::run_layer(layer, in, 0);
  EXPECT_EQ(out.codes, std::vector<uint8_t>({0, 0, 1, 1, 0, 0, 0, 0}));
}

// (f) Last layer, 3 classes, 4 synapses, 1-level input with scale 1.
//   input codes 1 0 1 1 -> e = +1 -1 +1 +1
//   class 0 w = 1 1 1 1: acc = 1 - 1 + 1 + 1 = 2 (matches 3: 2*3 - 4)
//   class 1 w = 0 0 1 1: acc = -1 + 1 + 1 + 1 = 2
//   class 2 w = 1 0 1 1: acc = 4 (all match)
//   A = (3, -2, 1), C = (-2, 9, 1): scores 3*2 - 2 = 4, -2*2 + 9 = 5, 1*4 + 1 = 5
//   top-1: classes 1 and 2 tie at 5 -> the lowest index, 1.
TEST(ContractExamples, LastLayerTieToLowest) {
  Layer layer = hand_layer(LayerKind::Dense, {1, 1, 4}, {1, 1, 3}, 1, 4, 0, {1},
                           bits({{1, 1, 1, 1}, {0, 0, 1, 1}, {1, 0, 1, 1}}));
  layer.score_scale = {3, -2, 1};
  layer.score_bias = {-2, 9, 1};
  const Activation in{{1, 1, 4}, 1, {1, 0, 1, 1}};
  const Result r = reference::run_last(layer, in);
  EXPECT_EQ(r.scores, std::vector<int64_t>({4, 5, 5}));
  EXPECT_EQ(r.label, 1u);
  EXPECT_EQ(top1({-3, -3}), 0u);
  EXPECT_EQ(top1({-7, -3, -3, -5}), 1u);
}

// (g) Run-time level count on a 2-level model (pixel code P = 2, scales 128, 64).
//   pixels 200 = 0b11.., 100 = 0b01..: codes (s1 s2) 11 and 01, values +192 and -64.
//   layer 0: dense 2 neurons, Mo = 2, B = 2*(128+64) = 384
//     n0 w = 1 0: acc = 192 + 64 = 256; T = (0, -128, 256): s1 = 1, s2 = 256>=256 = 1 -> code 3
//     n1 w = 1 1: acc = 192 - 64 = 128; T = (100, -1, 200): s1 = 1, s2 = 128>=200 = 0 -> code 1
//   layer 1: dense last, 2 classes, scales (2, 1), A = (1, 1), C = (3, 0)
//     k = 2 (all): input codes 3, 1 -> values 3, 1
//       class 0 w = 1 0: acc = 3 - 1 = 2 -> score 5;  class 1 w = 1 1: acc = 3 + 1 = 4 -> score 4
//       label 0
//     k = 1: layer 0 emits s1 only: codes 1, 1 -> values 2, 2 (scale G1 = 2 only)
//       class 0: 2 - 2 = 0 -> score 3;  class 1: 2 + 2 = 4 -> score 4;  label 1
//     the pixel code keeps its 2 levels at k = 1 (had it been cut to 1 level,
//     n1's acc would be 128 - 128 = 0 < 100 and the scores 7, 0).
TEST(ContractExamples, RuntimeLevelCount) {
  Model model;
  model.input = {1, 1, 2};
  model.pixel_levels = 2;
  Layer hidden;
  hidden.kind = LayerKind::Dense;
  hidden.neurons = 2;
  hidden.levels_out = 2;
  hidden.scales = {128, 64};
  hidden.weights = bits({{1, 0}, {1, 1}});
  hidden.thresholds = {0, -128, 256, /* n1 */ 100, -1, 200};
  Layer last;
  last.kind = LayerKind::Dense;
  last.neurons = 2;
  last.levels_out = 0;
  last.scales = {2, 1};
  last.weights = bits({{1, 0}, {1, 1}});
  last.score_scale = {1, 1};
  last.score_bias = {3, 0};
  model.layers = {hidden, last};
  model.finalize();
  EXPECT_EQ(model.layers[0].accumulator_bound(), 384);

  const uint8_t pixels[2] = {200, 100};
  const Activation px = encode_pixels(pixels, model.input, 2);
  EXPECT_EQ(px.codes, std::vector<uint8_t>({3, 2}));
  EXPECT_EQ(reference::accumulate(model.layers[0], px, 0, 0, 0), 256);
  EXPECT_EQ(reference::accumulate(model.layers[0], px, 1, 0, 0), 128);

  const Activation h2 = reference::run_layer(model.layers[0], px, 2);
  const Activation h1 = reference::run_layer(model.layers[0], px, 1);
  EXPECT_EQ(h2.levels, 2u);
  EXPECT_EQ(h2.codes, std::vector<uint8_t>({3, 1}));
  EXPECT_EQ(h1.levels, 1u);
  EXPECT_EQ(h1.codes, std::vector<uint8_t>({1, 1}));

  for (uint32_t k : {0u, 2u, 5u}) {
    const Result r = reference::run(model, pixels, k);
    EXPECT_EQ(r.scores, std::vector<int64_t>({5, 4})) << "k = " << k;
    EXPECT_EQ(r.label, 0u) << "k = " << k;
  }
  const Result r1 = reference::run(model, pixels, 1);
  EXPECT_EQ(r1.scores, std::vector<int64_t>({3, 4}));
  EXPECT_EQ(r1.label, 1u);
}

// (h) Padding: the neuron of (a) folded with Simd = 3, so SF = 2 words per level
//   and the second word holds synapse 3 plus 2 pad positions (bit 0 in both the
//   weight word and the input word).
//   level 1: w words 101 | 1.. -> 101, 100 ; s words 101, 000 ; XOR 000, 100 -> mismatches 0 + 1
//   level 2: s words 011, 000 ; XOR 110, 100 -> mismatches 2 + 1 = 3
//   dot_l = N - 2*mismatches_l = 4 - 2 = 2 and 4 - 6 = -2; acc = 3*2 + 1*(-2) = 4, as in (a).
//   Unmasked XNOR would count the 2 pads as matches in every level: dots 6, 2, acc 20.
TEST(ContractExamples, PaddingXorForm) {
  const Layer layer = hand_layer(LayerKind::Dense, {1, 1, 4}, {1, 1, 1}, 2, 4, 1, {3, 1},
                                 bits({{1, 0, 1, 1}}));
  const Activation in{{1, 1, 4}, 2, {1, 2, 3, 0}};
  constexpr uint32_t kSimd = 3, kN = 4, kSf = (kN + kSimd - 1) / kSimd;
  // Words in bit order: synapse sf*Simd + i in bit i; pads stay 0.
  auto word = [&](auto bit_of, uint32_t sf) {
    uint32_t w = 0;
    for (uint32_t i = 0; i < kSimd && sf * kSimd + i < kN; ++i) w |= bit_of(sf * kSimd + i) << i;
    return w;
  };
  int64_t acc = 0, acc_xnor = 0;
  for (uint32_t l = 1; l <= 2; ++l) {
    int64_t mismatches = 0, xnor_matches = 0;
    for (uint32_t sf = 0; sf < kSf; ++sf) {
      const uint32_t w = word([&](uint32_t s) { return uint32_t{layer.weights.get(0, s)}; }, sf);
      const uint32_t x = word([&](uint32_t s) { return (in.codes[s] >> (l - 1)) & 1u; }, sf);
      mismatches += __builtin_popcount(w ^ x);
      xnor_matches += __builtin_popcount(~(w ^ x) & ((1u << kSimd) - 1));
    }
    acc += int64_t{layer.scales[l - 1]} * (int64_t{kN} - 2 * mismatches);
    acc_xnor += int64_t{layer.scales[l - 1]} * (2 * xnor_matches - int64_t{kN});
  }
  EXPECT_EQ(acc, 4);
  EXPECT_EQ(acc, reference::accumulate(layer, in, 0, 0, 0));
  EXPECT_EQ(acc_xnor, 20);  // why the XNOR form must mask its pads
}

}  // namespace
}  // namespace rebnet
