// Model validation and the model file: round trip, and every kind of bad
// input ends in one rebnet::Error line naming the problem.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"

namespace rebnet {
namespace {

constexpr size_t kHeader = 20;

Model small_model(uint64_t seed = 7) { return randomize(skeleton("16-5-3-2", 2, 8), seed); }

// Parses and returns the error message, or "" if the bytes parsed.
std::string parse_error(const std::vector<uint8_t>& bytes) {
  try {
    parse_model(bytes, "m.bin");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_one_line_error(const std::vector<uint8_t>& bytes, const std::string& needle) {
  const std::string message = parse_error(bytes);
  ASSERT_FALSE(message.empty()) << "expected an error containing '" << needle << "'";
  EXPECT_NE(message.find(needle), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind("model m.bin: ", 0), 0u) << message;
}

// Rewrites a payload field and fixes the checksum, so the field check itself is reached.
std::vector<uint8_t> with_field(std::vector<uint8_t> bytes, size_t payload_offset,
                                uint32_t value) {
  std::memcpy(&bytes[kHeader + payload_offset], &value, 4);
  const uint32_t crc = static_cast<uint32_t>(
      crc32(crc32(0, Z_NULL, 0), &bytes[kHeader], static_cast<uInt>(bytes.size() - kHeader)));
  std::memcpy(&bytes[16], &crc, 4);
  return bytes;
}

// Payload offset of layer i's topology record (kind, neurons, kernel, levels_out).
size_t layer_record(const Model& m, size_t i) { return 20 + m.description.size() + 4 + 16 * i; }

TEST(ModelFile, RoundTripsEveryTopology) {
  for (const std::string topology : {"sfc", "cnv", "16-5-3-2", "cnv-cifar"}) {
    for (uint32_t levels : {1u, 3u}) {
      SCOPED_TRACE(topology + " levels " + std::to_string(levels));
      const Model m = randomize(skeleton(topology, levels, 5), 11);
      const Model back = parse_model(serialize_model(m), "m");
      EXPECT_EQ(serialize_model(back), serialize_model(m));
      ASSERT_EQ(back.layers.size(), m.layers.size());
      for (size_t i = 0; i < m.layers.size(); ++i) {
        EXPECT_EQ(back.layers[i].weights, m.layers[i].weights);
        EXPECT_EQ(back.layers[i].thresholds, m.layers[i].thresholds);
        EXPECT_EQ(back.layers[i].scales, m.layers[i].scales);
        EXPECT_EQ(back.layers[i].out, m.layers[i].out);
      }
      EXPECT_EQ(back.description, m.description);
    }
  }
}

TEST(ModelFile, WritesAndReadsFiles) {
  const auto path = std::filesystem::path(testing::TempDir()) / "round.rbn";
  const Model m = small_model();
  write_model(m, path.string());
  EXPECT_EQ(serialize_model(read_model(path.string())), serialize_model(m));
}

TEST(ModelFile, RejectsMissingAndUnwritableFiles) {
  EXPECT_THROW(read_model("/nonexistent/model.rbn"), Error);
  EXPECT_THROW(write_model(small_model(), "/nonexistent-dir/model.rbn"), Error);
}

TEST(ModelFile, RejectsEmptyAndTruncatedFiles) {
  const auto bytes = serialize_model(small_model());
  expect_one_line_error({}, "shorter than the 20-byte header");
  for (size_t size = 1; size < bytes.size(); ++size) {
    SCOPED_TRACE(size);
    EXPECT_FALSE(parse_error({bytes.begin(), bytes.begin() + size}).empty());
  }
}

TEST(ModelFile, EveryFlippedByteIsCaught) {
  const auto bytes = serialize_model(small_model());
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto corrupt = bytes;
    corrupt[i] ^= 0x10;
    SCOPED_TRACE(i);
    EXPECT_FALSE(parse_error(corrupt).empty());
  }
  auto corrupt = bytes;
  corrupt[kHeader + 3] ^= 1;
  expect_one_line_error(corrupt, "checksum");
}

TEST(ModelFile, RandomBytesAreRejected) {
  std::mt19937 rng(2026);  // seed printed by the failure trace
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<uint8_t> bytes(rng() % 400);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    if (trial % 2 && bytes.size() >= 8) std::memcpy(bytes.data(), kModelMagic, 8);
    SCOPED_TRACE(trial);
    EXPECT_FALSE(parse_error(bytes).empty());
  }
}

TEST(ModelFile, NamesTheBadField) {
  const Model m = small_model();
  const auto bytes = serialize_model(m);
  auto bad_magic = bytes;
  bad_magic[0] = 'X';
  expect_one_line_error(bad_magic, "magic");
  auto bad_version = bytes;
  bad_version[8] = 9;
  expect_one_line_error(bad_version, "version = 9");
  expect_one_line_error(with_field(bytes, 0, 0), "input height = 0");
  expect_one_line_error(with_field(bytes, 12, 9), "pixel_levels = 9");
  const size_t l0 = layer_record(m, 0);
  expect_one_line_error(with_field(bytes, l0, 7), "layer 0 kind = 7");
  expect_one_line_error(with_field(bytes, l0 + 4, 4000000000u), "layer 0 neurons = 4000000000");
  expect_one_line_error(with_field(bytes, l0 + 12, 9), "layer 0 levels_out = 9");
  expect_one_line_error(with_field(bytes, l0 + 12, 0), "only the last layer");
  expect_one_line_error(with_field(bytes, layer_record(m, 2) + 12, 2), "last layer");
  // 16 + 4 + description + 4 + 3 layers x 16: then layer 0's levels_in and scales.
  const size_t params = layer_record(m, 3);
  expect_one_line_error(with_field(bytes, params, 3), "layer 0 levels_in = 3");
  expect_one_line_error(with_field(bytes, params + 4, 0x00000040u), "layer 0 scale 1 = 64");
}

// Fields the format fixes at 0 (docs/model-file.md) must be 0: a dense layer's
// kernel, a max pool's neurons and levels_out (found by fuzz_model_file).
TEST(ModelFile, RejectsNonZeroReservedFields) {
  const Model dense = small_model();
  expect_one_line_error(with_field(serialize_model(dense), layer_record(dense, 0) + 8, 3),
                        "layer 0 kernel = 3, expected 0 for a dense layer");
  Model pooled;
  pooled.input = {6, 6, 1};
  pooled.pixel_levels = 8;
  pooled.layers = {pool_layer(), dense_layer(4, 0)};
  pooled = randomize(pooled, 3);
  const auto bytes = serialize_model(pooled);
  expect_one_line_error(with_field(bytes, layer_record(pooled, 0) + 4, 5),
                        "layer 0 neurons = 5, expected 0 for a maxpool layer");
  expect_one_line_error(with_field(bytes, layer_record(pooled, 0) + 12, 2),
                        "layer 0 levels_out = 2, expected 0 for a maxpool layer");
}

TEST(ModelFile, RejectsNonZeroWeightPadding) {
  const Model m = small_model();  // layer 0: 16 inputs; layer 1: 5 inputs -> 3 pad bits
  auto bytes = serialize_model(m);
  const size_t layer0 = layer_record(m, 3) + 4 + 8 + 5 * 2 + 4 * 5 * 3;
  const size_t row0 = layer0 + 4 + 2;  // levels_in, 2 scales
  auto value = uint32_t{bytes[kHeader + row0]} | 0x80u;
  auto corrupt = with_field(bytes, row0, value | (uint32_t{bytes[kHeader + row0 + 1]} << 8) |
                                             (uint32_t{bytes[kHeader + row0 + 2]} << 16) |
                                             (uint32_t{bytes[kHeader + row0 + 3]} << 24));
  expect_one_line_error(corrupt, "layer 1 weights row 0: padding bits are not zero");
}

TEST(ModelFile, RejectsThresholdBeyondSaturation) {
  Model m = small_model();
  m.layers[0].thresholds[0] = static_cast<int32_t>(m.layers[0].accumulator_bound() + 2);
  EXPECT_THROW(m.finalize(), Error);
  try {
    m.finalize();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer 0 threshold 0"), std::string::npos) << e.what();
  }
}

TEST(Model, RejectsShapesThatDoNotFit) {
  EXPECT_THROW(skeleton("nonsense", 1), Error);
  EXPECT_THROW(skeleton("784-x-10", 1), Error);
  EXPECT_THROW(skeleton("sfc", 0), Error);
  EXPECT_THROW(skeleton("sfc", 9), Error);
  Model m = skeleton("cnv", 2);
  m.input = {4, 4, 1};  // the convolutions shrink 4x4 below their kernels
  EXPECT_THROW(m.derive_shapes(), Error);
  Model huge = skeleton("784-10", 1);
  huge.input = {1024, 1024, 4096};
  EXPECT_THROW(huge.derive_shapes(), Error);
}

TEST(Model, DerivesShapes) {
  Model m = skeleton("cnv", 2);
  m.derive_shapes();
  EXPECT_EQ(m.layers[1].out, (Shape{24, 24, 32}));
  EXPECT_EQ(m.layers[2].out, (Shape{12, 12, 32}));
  EXPECT_EQ(m.layers[5].out, (Shape{4, 4, 64}));
  EXPECT_EQ(m.layers[6].fan_in, 1024u);
  EXPECT_EQ(m.layers[0].levels_in, 8u);
  EXPECT_EQ(m.layers[1].levels_in, 2u);
  EXPECT_EQ(m.layers[1].fan_in, 3u * 3 * 32);
  Model c = skeleton("cnv-cifar", 1);
  c.derive_shapes();
  EXPECT_EQ(c.layers[7].out, (Shape{1, 1, 256}));
}

}  // namespace
}  // namespace rebnet
