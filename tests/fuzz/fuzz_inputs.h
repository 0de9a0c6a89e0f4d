// What the fuzz targets share with the seed generator (make_seeds.cpp): the
// layout of a fuzz_idx input, which carries two files, and the fixed models
// fuzz_folding checks every folding against.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "contract/model.h"
#include "contract/random_model.h"
#include "contract/topology.h"

namespace rebnet::fuzz {

// fuzz_idx input: [flags u8][limit u8][image file bytes u32 LE][image file][label file].
// The image length is clamped to the bytes present; the rest is the label file.
// Flags: bit 0 gzips the image file, bit 1 the label file (in the target, so the
// fuzzer mutates plain IDX); bits 2-3 cut 0, 1, 5 or 13 bytes off the end of
// each gzip stream (a truncated download).
inline constexpr uint8_t kGzipImages = 1;
inline constexpr uint8_t kGzipLabels = 2;
inline constexpr size_t kIdxPrefixBytes = 6;
inline size_t gzip_cut(uint8_t flags) {
  constexpr size_t cuts[4] = {0, 1, 5, 13};
  return cuts[(flags >> 2) & 3];
}

struct IdxInput {
  uint8_t flags = 0;
  uint8_t limit = 0;  // load_idx's limit (0: all images)
  std::vector<uint8_t> images, labels;
};

inline IdxInput split_idx_input(const uint8_t* data, size_t size) {
  IdxInput in;
  if (size < kIdxPrefixBytes) return in;
  in.flags = data[0];
  in.limit = data[1];
  uint32_t image_bytes = 0;
  std::memcpy(&image_bytes, data + 2, 4);
  const size_t rest = size - kIdxPrefixBytes;
  const size_t n = image_bytes < rest ? image_bytes : rest;
  in.images.assign(data + kIdxPrefixBytes, data + kIdxPrefixBytes + n);
  in.labels.assign(data + kIdxPrefixBytes + n, data + size);
  return in;
}

inline std::vector<uint8_t> join_idx_input(const IdxInput& in) {
  std::vector<uint8_t> out = {in.flags, in.limit};
  const auto n = static_cast<uint32_t>(in.images.size());
  const auto* p = reinterpret_cast<const uint8_t*>(&n);
  out.insert(out.end(), p, p + 4);
  out.insert(out.end(), in.images.begin(), in.images.end());
  out.insert(out.end(), in.labels.begin(), in.labels.end());
  return out;
}

// The bytes of a .gz file holding `plain`.
inline std::vector<uint8_t> gzip(const std::vector<uint8_t>& plain) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::vector<uint8_t> out(deflateBound(&z, plain.size()) + 32);
  z.next_in = const_cast<Bytef*>(plain.data());
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

// An IDX file: big-endian magic and dimensions, then the bytes.
inline std::vector<uint8_t> idx_file(uint32_t magic, const std::vector<uint32_t>& dims,
                                     const std::vector<uint8_t>& body) {
  std::vector<uint8_t> out;
  auto put = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
  };
  put(magic);
  for (uint32_t d : dims) put(d);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

// A small conv network: 8x8x2 pixels at 3 levels, conv 4 (k3, 2 levels), pool,
// conv 6 (k2, 1 level), dense 10.
inline Model small_conv_skeleton() {
  Model m;
  m.input = {8, 8, 2};
  m.pixel_levels = 3;
  m.layers = {conv_layer(4, 3, 2), pool_layer(), conv_layer(6, 2, 1), dense_layer(10, 0)};
  m.description = "fuzz small conv";
  return m;
}

// The models every folding is checked against, built once.
inline const std::vector<Model>& folding_models() {
  static const std::vector<Model> models = {
      randomize(skeleton("sfc", 2), 1),
      randomize(small_conv_skeleton(), 1),
      randomize(skeleton("12-6-3", 3, 4), 1),
      randomize(skeleton("cnv", 1), 1),
  };
  return models;
}

}  // namespace rebnet::fuzz
