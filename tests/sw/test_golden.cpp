// The fast golden model against the plain reference: scores, labels and every layer's
// activation, for every kernel set this CPU runs, on random models of awkward sizes.
// Every case names its seed (SCOPED_TRACE) so that a failure can be replayed.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "contract/error.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "golden/fast.h"
#include "golden/reference.h"
#include "random_network.h"

namespace rebnet {
namespace {

using test::Rng;
using test::random_skeleton;

Model make(Shape input, uint32_t pixel_levels, std::vector<Layer> layers, uint64_t seed) {
  Model m;
  m.input = input;
  m.pixel_levels = pixel_levels;
  m.layers = std::move(layers);
  return randomize(m, seed);
}

std::string describe(const Activation& a, size_t i) {
  return "code " + std::to_string(a.codes[i]) + " at element " + std::to_string(i);
}

::testing::AssertionResult same(const Activation& expected, const Activation& actual) {
  if (expected.shape != actual.shape || expected.levels != actual.levels ||
      expected.codes.size() != actual.codes.size())
    return ::testing::AssertionFailure() << "shape or levels differ";
  for (size_t i = 0; i < expected.codes.size(); ++i)
    if (expected.codes[i] != actual.codes[i])
      return ::testing::AssertionFailure()
             << "expected " << describe(expected, i) << ", got " << describe(actual, i);
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult same(const Result& expected, const Result& actual) {
  if (expected.scores.size() != actual.scores.size())
    return ::testing::AssertionFailure() << "score counts differ";
  for (size_t j = 0; j < expected.scores.size(); ++j)
    if (expected.scores[j] != actual.scores[j])
      return ::testing::AssertionFailure() << "score " << j << ": expected " << expected.scores[j]
                                           << ", got " << actual.scores[j];
  if (expected.label != actual.label)
    return ::testing::AssertionFailure()
           << "label: expected " << expected.label << ", got " << actual.label;
  return ::testing::AssertionSuccess();
}

// Checks every kernel set on the images in `pixels`: each layer on the reference's input,
// the whole network image by image, and run_batch with `threads` threads.
void check_model(const Model& model, uint64_t seed, const std::vector<uint8_t>& pixels, uint32_t k,
                 unsigned threads) {
  SCOPED_TRACE("model seed " + std::to_string(seed) + ", k = " + std::to_string(k));
  const size_t image_bytes = model.input.elements();
  const size_t images = pixels.size() / image_bytes;
  // The reference, layer by layer: the same composition as reference::run.
  std::vector<std::vector<Activation>> inputs(images);
  std::vector<Result> expected(images);
  for (size_t i = 0; i < images; ++i) {
    inputs[i].push_back(encode_pixels(&pixels[i * image_bytes], model.input, model.pixel_levels));
    for (size_t l = 0; l + 1 < model.layers.size(); ++l)
      inputs[i].push_back(reference::run_layer(model.layers[l], inputs[i].back(), k));
    expected[i] = reference::run_last(model.layers.back(), inputs[i].back());
  }
  for (const kernels::Set* set : kernels::available()) {
    SCOPED_TRACE(std::string("kernels ") + set->name);
    const FastModel fast(model, *set);
    for (size_t i = 0; i < images; ++i) {
      for (size_t l = 0; l + 1 < model.layers.size(); ++l)
        ASSERT_TRUE(same(inputs[i][l + 1], fast.run_layer(l, inputs[i][l], k))) << "layer " << l;
      ASSERT_TRUE(same(expected[i], fast.run_last(inputs[i].back()))) << "last layer";
      ASSERT_TRUE(same(expected[i], fast.run(&pixels[i * image_bytes], k))) << "image " << i;
    }
    const std::vector<Result> batch = fast.run_batch(pixels.data(), images, k, threads);
    ASSERT_EQ(batch.size(), images);
    for (size_t i = 0; i < images; ++i)
      ASSERT_TRUE(same(expected[i], batch[i])) << "run_batch image " << i;
  }
}

// The same on `images` random images.
void check_model(const Model& model, uint64_t seed, size_t images, uint32_t k, unsigned threads) {
  check_model(model, seed, Rng(seed ^ 0x5eed).bytes(images * model.input.elements()), k, threads);
}

// Synapse-level operations of the reference per image, to keep random models cheap.
uint64_t reference_cost(const Model& m) {
  uint64_t cost = 0;
  for (const Layer& l : m.layers)
    if (l.computes()) cost += uint64_t{l.fan_in} * l.neurons * l.levels_in * l.out.elements();
  return cost;
}

// Seed s replays a case: Rng(s) draws the topology and k, randomize(topology, s) the model.
TEST(Golden, RandomModels) {
  constexpr uint64_t kCost = 3'000'000;  // reference synapse-level operations per image
  uint64_t seed = 0;
  int models = 0, convs = 0, truncated = 0;
  while (models < 2000) {
    Rng rng(++seed);
    const Model skeleton = random_skeleton(rng);
    const uint32_t k = rng.uniform(0, 5);
    const Model model = randomize(skeleton, seed);
    if (reference_cost(model) > kCost) continue;
    check_model(model, seed, 3, k, rng.uniform(1, 3));
    if (HasFatalFailure()) return;
    ++models;
    convs += model.layers.front().kind != LayerKind::Dense;
    truncated += k != 0 && k < model.max_hidden_levels();
  }
  std::cout << "checked " << models << " random models (seeds 1.." << seed << "): " << convs
            << " with conv or pool layers, " << truncated << " with run-time k < M\n";
}

// Fan-ins around word, SIMD and chunk boundaries (992 bits: AVX2 byte counts; 256 synapses:
// AVX2 pixel sums; 5, 16, 120 and 240 synapses: AVX-512 lookup tables, transposes, table chunks
// and uint16 sums), for the pixel layer (fan-in n) and the hidden layer behind it (n too).
TEST(Golden, AwkwardFanIns) {
  for (uint32_t n : {1u,   2u,   3u,   4u,   5u,   7u,   8u,   9u,   15u,  16u,  17u,   31u,
                     32u,  33u,  63u,  64u,  65u,  120u, 121u, 127u, 128u, 129u, 240u,  241u,
                     255u, 256u, 257u, 784u, 992u, 993u, 1025u, 1984u, 2045u})
    for (uint32_t levels : {1u, 2u, 3u, 8u}) {
      if (n > 784 && levels > 3) continue;  // the reference is slow
      const uint64_t seed = n * 10 + levels;
      const uint32_t channels = n <= 1024 ? 1 : n % 4 == 0 ? 4 : 5;
      const Shape input = n == 784 ? Shape{28, 28, 1} : Shape{1, n / channels, channels};
      const Model model =
          make(input, 9 - levels,
               {dense_layer(n, levels), dense_layer(17, levels), dense_layer(10, 0)}, seed);
      check_model(model, seed, n >= 784 ? 2 : 5, levels > 1 ? levels - 1 : 0, 2);
      if (HasFatalFailure()) return;
    }
}

TEST(Golden, ConvChannelsKernelsAndOddPools) {
  uint64_t seed = 1000;
  for (uint32_t channels : {1u, 3u, 5u, 65u})
    for (uint32_t kernel = 1; kernel <= 5; ++kernel) {
      ++seed;
      const uint32_t side = 6 + kernel;  // odd and even sizes reach the pools
      const Model model = make({side, side + 1, channels}, 1 + seed % 8,
                               {conv_layer(channels == 65 ? 17 : 5, kernel, 2), pool_layer(),
                                conv_layer(channels, 2, 3), pool_layer(), dense_layer(10, 0)},
                               seed);
      check_model(model, seed, 2, seed % 4, 2);
      if (HasFatalFailure()) return;
    }
}

// A pool straight on the pixels: the first compute layer then reads pooled pixel codes.
TEST(Golden, PoolBeforeFirstComputeLayer) {
  const Model model =
      make({9, 7, 3}, 5, {pool_layer(), conv_layer(6, 3, 2), dense_layer(5, 0)}, 77);
  check_model(model, 77, 3, 0, 1);
}

// The AVX-512 set runs the table-lookup pixel kernel on full blocks of 32 rows when the layer
// has at least 192 neurons and 384 synapses, vpdpbusd on the rest; run_batch's work items of
// 64 images give two full blocks, the 70 images a tail.
TEST(Golden, LookupPixelKernelAtScale) {
  const Model dense = make({28, 28, 1}, 8, {dense_layer(256, 1), dense_layer(10, 0)}, 41);
  check_model(dense, 41, 70, 0, 2);
  const Model odd = make({1, 1000, 1}, 7, {dense_layer(200, 2), dense_layer(10, 0)}, 42);
  check_model(odd, 42, 37, 1, 1);
  // A conv first layer: 12 x 12 x 3 = 432 synapses at 2 x 2 positions, 80 rows.
  const Model conv = make({13, 13, 3}, 8, {conv_layer(192, 12, 1), dense_layer(10, 0)}, 43);
  check_model(conv, 43, 20, 0, 1);
}

// The largest sums: every pixel 255 and every weight of the first layer +1 (or -1), so that
// each lookup table entry and each uint16 partial sum is at its bound before widening.
TEST(Golden, PixelSumsAtTheirBound) {
  for (uint32_t n : {784u, 2045u})
    for (bool plus : {true, false}) {
      const uint64_t seed = n + plus;
      const Shape input = n == 784 ? Shape{28, 28, 1} : Shape{1, n / 5, 5};
      Model model = make(input, 8, {dense_layer(256, 1), dense_layer(10, 0)}, seed);
      BitMatrix& w = model.layers.front().weights;
      for (uint32_t j = 0; j < w.rows(); ++j)
        for (uint32_t s = 0; s < w.cols(); ++s) w.set(j, s, plus);
      check_model(model, seed, std::vector<uint8_t>(33 * input.elements(), 255), 0, 1);
      if (HasFatalFailure()) return;
    }
}

TEST(Golden, NamedTopologies) {
  for (uint32_t levels : {1u, 2u}) {
    const Model sfc = randomize(skeleton("sfc", levels), 10 + levels);
    check_model(sfc, 10 + levels, 3, 0, 2);
    const Model cnv = randomize(skeleton("cnv", levels, 8 - levels), 20 + levels);
    check_model(cnv, 20 + levels, 1, 0, 2);
  }
  // reference::run itself, not only its layers.
  const Model sfc = randomize(skeleton("sfc", 3), 30);
  const std::vector<uint8_t> pixels = Rng(30).bytes(784);
  EXPECT_TRUE(same(reference::run(sfc, pixels.data(), 2), FastModel(sfc).run(pixels.data(), 2)));
}

TEST(Golden, BatchSplitsOverThreads) {
  const Model model = make({1, 100, 1}, 8, {dense_layer(33, 2), dense_layer(10, 0)}, 5);
  const FastModel fast(model);
  const std::vector<uint8_t> pixels = Rng(5).bytes(100 * 101);
  for (uint32_t k : {0u, 1u}) {
    const std::vector<Result> one = fast.run_batch(pixels.data(), 101, k, 1);
    for (unsigned threads : {0u, 2u, 3u, 200u})
      EXPECT_EQ(one, fast.run_batch(pixels.data(), 101, k, threads));
    for (size_t i = 0; i < 101; ++i) EXPECT_EQ(one[i], fast.run(&pixels[i * 100], k));
  }
  EXPECT_TRUE(fast.run_batch(pixels.data(), 0).empty());
}

TEST(Golden, RejectsMisfitInputs) {
  const Model model = make({4, 4, 1}, 8, {conv_layer(3, 3, 2), dense_layer(4, 0)}, 9);
  const FastModel fast(model);
  const Activation wrong{{4, 4, 2}, 2, std::vector<uint8_t>(32)};
  EXPECT_THROW(fast.run_layer(0, wrong, 0), Error);
  EXPECT_THROW(fast.run_layer(1, wrong, 0), Error);  // the last layer
  EXPECT_THROW(fast.run_layer(2, wrong, 0), Error);
  EXPECT_THROW(fast.run_last(wrong), Error);
  EXPECT_THROW(FastModel{skeleton("sfc", 1)}, Error);  // weights not filled in
}

TEST(Kernels, BestIsFirstAvailable) {
  const std::vector<const kernels::Set*> sets = kernels::available();
  ASSERT_FALSE(sets.empty());
  EXPECT_EQ(&kernels::best(), sets.front());
  EXPECT_STREQ(sets.back()->name, "generic");
  std::string names;
  for (const kernels::Set* set : sets) names += std::string(" ") + set->name;
  std::cout << "kernel sets on this CPU:" << names << "\n";
  EXPECT_STREQ(FastModel(make({1, 3, 1}, 8, {dense_layer(2, 0)}, 1)).kernel_name(),
               sets.front()->name);
}

// Bits past n in a packed plane must be zero: the kernels count them as matches.
TEST(Kernels, PackedPlanesHaveZeroPadding) {
  Rng rng(3);
  for (const kernels::Set* set : kernels::available())
    for (size_t n : {1, 7, 31, 32, 33, 63, 64, 65, 100, 128, 129, 300}) {
      SCOPED_TRACE(std::string(set->name) + " n = " + std::to_string(n));
      const std::vector<uint8_t> values = rng.bytes(n);
      const uint32_t words = static_cast<uint32_t>(2 * ((n + 63) / 64));
      std::vector<uint32_t> planes(8 * words, 0xffffffffu);
      set->pack(values.data(), n, 8, planes.data(), words);
      for (uint32_t l = 0; l < 8; ++l)
        for (size_t i = 0; i < size_t{words} * 32; ++i) {
          const bool bit = (planes[l * words + i / 32] >> (i % 32)) & 1u;
          ASSERT_EQ(bit, i < n && ((values[i] >> (7 - l)) & 1u))
              << "level " << l + 1 << " bit " << i;
        }
    }
}

TEST(Kernels, PackedWeightsHaveZeroPadding) {
  for (uint32_t rows : {1u, 16u, 17u})
    for (uint32_t cols : {1u, 63u, 64u, 65u, 131u}) {
      SCOPED_TRACE(std::to_string(rows) + "x" + std::to_string(cols));
      BitMatrix w(rows, cols);
      for (uint32_t j = 0; j < rows; ++j)
        for (uint32_t s = 0; s < cols; ++s) w.set(j, s, (j * 7 + s * 3) % 5 < 3);
      const kernels::BinaryWeights b = kernels::pack_binary(w);
      const kernels::PixelWeights p = kernels::pack_pixel(w);
      for (uint32_t j = 0; j < b.groups * kernels::kGroup; ++j) {
        int32_t sum = 0;
        for (uint32_t s = 0; s < b.words * 32; ++s) {
          const uint32_t word = b.bits[b.at(j, s / 32)];
          const bool set = j < rows && s < cols && w.get(j, s);
          ASSERT_EQ((word >> (s % 32)) & 1u, set) << "neuron " << j << " synapse " << s;
          if (s < p.quads * 4) {
            const int8_t sign = p.signs[p.at(j, s)];
            ASSERT_EQ(sign, j < rows && s < cols ? (set ? 1 : -1) : 0);
            sum += sign;
          }
        }
        ASSERT_EQ(p.sums[j], sum);
        for (uint32_t t = 0; t < p.tables; ++t) {
          uint32_t offset = 0;  // the table entry that neuron j's weight bits select
          for (uint32_t i = 0; i < kernels::kLutBits; ++i) {
            const uint32_t s = t * kernels::kLutBits + i;
            offset += (j < rows && s < cols && w.get(j, s) ? kernels::kLutEntry : 0) << i;
          }
          ASSERT_EQ(p.lut[p.lut_at(j, t)], offset) << "neuron " << j << " table " << t;
        }
      }
      ASSERT_EQ(p.tables, (p.quads * 4 + kernels::kLutBits - 1) / kernels::kLutBits);
      ASSERT_EQ(p.lut.size(), size_t{p.groups} * kernels::kGroup * p.tables);
    }
}

}  // namespace
}  // namespace rebnet
