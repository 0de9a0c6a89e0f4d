#include "golden/fast.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <string>
#include <thread>

#include "contract/error.h"

namespace rebnet {
namespace {

// A run_batch work item holds up to this many images, fewer when a layer has many output
// pixels: enough rows to fill the register tiles, small enough to stay in cache.
constexpr size_t kTileRows = 64;

size_t round_up(size_t n, size_t m) { return (n + m - 1) / m * m; }

// Code <-> value form (kernels.h) of `levels` levels: level l moves between bit l-1 and 8-l.
std::array<uint8_t, 256> level_table(uint32_t levels, bool to_value) {
  std::array<uint8_t, 256> table{};
  for (uint32_t c = 0; c < 256; ++c)
    for (uint32_t l = 0; l < levels; ++l)
      table[c] |= to_value ? ((c >> l) & 1u) << (7 - l) : ((c >> (7 - l)) & 1u) << l;
  return table;
}

void translate(const std::vector<uint8_t>& from, uint32_t levels, bool to_value,
               std::vector<uint8_t>& to) {
  const std::array<uint8_t, 256> table = level_table(levels, to_value);
  to.resize(from.size());
  std::transform(from.begin(), from.end(), to.begin(), [&](uint8_t c) { return table[c]; });
}

// The sizes finalize() checks and FastModel relies on.
bool finalized(const Layer& l) {
  return l.weights.rows() == l.neurons && l.weights.cols() == l.fan_in &&
         l.scales.size() == l.levels_in &&
         (l.last() ? l.score_scale.size() == l.neurons && l.score_bias.size() == l.neurons
                   : l.thresholds.size() == size_t{l.neurons} * l.thresholds_per_neuron());
}

}  // namespace

struct FastModel::Scratch {
  std::vector<uint8_t> cur, next;  // value-form activations of the images in flight
  std::vector<uint8_t> bytes;      // pixel layers: kernel rows; hidden layers: one window
  std::vector<uint32_t> planes;
  std::vector<int32_t> acc;
};

FastModel::FastModel(const Model& model) : FastModel(model, kernels::best()) {}

FastModel::FastModel(const Model& model, const kernels::Set& set)
    : kernels_(&set), input_(model.input), pixel_levels_(model.pixel_levels) {
  if (model.layers.empty() || !model.layers.back().last())
    throw Error("FastModel needs a finalized model");
  bool pixel_input = true;
  size_t positions = 1;
  for (const Layer& layer : model.layers) {
    Packed p;
    p.kind = layer.kind;
    p.in = layer.in;
    p.out = layer.out;
    p.kernel = layer.kernel;
    p.fan_in = layer.fan_in;
    p.levels_out = layer.levels_out;
    p.pixel_input = pixel_input && layer.computes();
    if (layer.computes()) {
      if (!finalized(layer)) throw Error("FastModel needs a finalized model");
      p.scales.assign(layer.scales.begin(), layer.scales.end());
      if (p.pixel_input)
        p.pixel = kernels::pack_pixel(layer.weights);
      else
        p.binary = kernels::pack_binary(layer.weights);
      const uint32_t per_neuron = layer.thresholds_per_neuron();
      p.thresholds.assign(size_t{per_neuron} * p.columns(), 0);
      for (uint32_t j = 0; j < layer.neurons; ++j)
        for (uint32_t node = 0; node < per_neuron; ++node)
          p.thresholds[size_t{node} * p.columns() + j] =
              layer.thresholds[size_t{j} * per_neuron + node];
      p.score_scale = layer.score_scale;
      p.score_bias = layer.score_bias;
      positions = std::max<size_t>(positions, size_t{layer.out.height} * layer.out.width);
      pixel_input = false;
    }
    layers_.push_back(std::move(p));
  }
  tile_images_ = std::max<size_t>(1, kTileRows / positions);
}

const FastModel::Packed& FastModel::layer(size_t index) const {
  if (index >= layers_.size())
    throw Error("layer index " + std::to_string(index) + " is outside the model's " +
                std::to_string(layers_.size()) + " layers");
  return layers_[index];
}

void FastModel::load_pixels(const uint8_t* pixels, size_t images, Scratch& s) const {
  // The pixel code in value form is the pixel with its top pixel_levels bits kept.
  const uint8_t mask = static_cast<uint8_t>(0xff00u >> pixel_levels_);
  s.cur.resize(images * input_.elements());
  for (size_t i = 0; i < s.cur.size(); ++i) s.cur[i] = pixels[i] & mask;
}

namespace {

// The input of kernel row r (image r / positions, output pixel r % positions): fan_in
// value-form bytes in synapse order; a conv window is copied to buf as K row segments.
const uint8_t* window(const Shape& in, const Shape& out, uint32_t kernel, const uint8_t* images,
                      size_t r, uint8_t* buf) {
  const size_t positions = size_t{out.height} * out.width;
  const uint8_t* image = images + r / positions * in.elements();
  if (kernel == 0) return image;
  const size_t y = r % positions / out.width, x = r % positions % out.width;
  const size_t segment = size_t{kernel} * in.channels;
  for (size_t ky = 0; ky < kernel; ++ky)
    std::memcpy(buf + ky * segment, image + ((y + ky) * in.width + x) * in.channels, segment);
  return buf;
}

// Value form makes the pool's order (level 1 most significant) numeric order.
void max_pool(const Shape& in, const Shape& out, size_t images, const uint8_t* src, uint8_t* dst) {
  const size_t c = in.channels, row = size_t{in.width} * c;
  for (size_t i = 0; i < images; ++i, src += in.elements(), dst += out.elements())
    for (size_t y = 0; y < out.height; ++y)
      for (size_t x = 0; x < out.width; ++x) {
        const uint8_t* p = src + 2 * y * row + 2 * x * c;
        uint8_t* o = dst + (y * out.width + x) * c;
        for (size_t ch = 0; ch < c; ++ch)
          o[ch] = std::max({p[ch], p[c + ch], p[row + ch], p[row + c + ch]});
      }
}

}  // namespace

void FastModel::accumulate(const Packed& p, size_t images, uint32_t levels, Scratch& s) const {
  const size_t rows = images * p.out.height * p.out.width;
  const size_t padded = round_up(rows, kernels::kRowBlock);
  const uint32_t kernel = p.kind == LayerKind::Conv ? p.kernel : 0;
  s.acc.resize(padded * p.columns());
  if (p.pixel_input) {
    const size_t stride = size_t{p.pixel.quads} * 4;
    const uint8_t* values;
    if (kernel == 0 && stride == p.fan_in) {  // dense rows are in place; pad rows must exist
      s.cur.resize(std::max(s.cur.size(), padded * stride));
      values = s.cur.data();
    } else {
      s.bytes.assign(padded * stride, 0);
      for (size_t r = 0; r < rows; ++r) {
        uint8_t* row = &s.bytes[r * stride];
        const uint8_t* in = window(p.in, p.out, kernel, s.cur.data(), r, row);
        if (in != row) std::memcpy(row, in, p.fan_in);
      }
      values = s.bytes.data();
    }
    // sum_l G_l (2 b_l - 1) = 2 v - sum_l G_l, and sum_l G_l = 256 - 2^(8 - levels).
    kernels_->pixel({&p.pixel, values, padded, 256 - (256 >> levels), s.acc.data()});
    return;
  }
  const uint32_t words = p.binary.words;
  const size_t row_words = size_t{levels} * words;
  s.planes.resize(padded * row_words);
  s.bytes.resize(p.fan_in);
  for (size_t r = 0; r < rows; ++r)
    kernels_->pack(window(p.in, p.out, kernel, s.cur.data(), r, s.bytes.data()), p.fan_in, levels,
                   &s.planes[r * row_words], words);
  std::fill(s.planes.begin() + rows * row_words, s.planes.end(), 0);
  int32_t scale_sum = 0;
  for (uint32_t l = 0; l < levels; ++l) scale_sum += p.scales[l];
  kernels_->binary({&p.binary, s.planes.data(), padded, levels, p.scales.data(),
                    static_cast<int32_t>(p.fan_in) * scale_sum, s.acc.data()});
}

uint32_t FastModel::step(const Packed& p, size_t images, uint32_t levels, uint32_t k,
                         Scratch& s) const {
  s.next.resize(images * p.out.elements());
  if (p.kind == LayerKind::MaxPool) {
    max_pool(p.in, p.out, images, s.cur.data(), s.next.data());
    return levels;
  }
  accumulate(p, images, levels, s);
  const uint32_t out_levels = levels_at(p.levels_out, k);
  kernels_->encode({s.acc.data(), images * p.out.height * p.out.width, p.out.channels, p.columns(),
                    p.thresholds.data(), out_levels, s.next.data()});
  return out_levels;
}

void FastModel::scores(const Packed& p, size_t images, const Scratch& s, Result* out) const {
  for (size_t i = 0; i < images; ++i) {
    Result& r = out[i];
    r.scores.resize(p.out.channels);
    for (uint32_t j = 0; j < p.out.channels; ++j)
      r.scores[j] = int64_t{p.score_scale[j]} * s.acc[i * p.columns() + j] + p.score_bias[j];
    r.label = top1(r.scores);
  }
}

void FastModel::forward(Scratch& s, size_t images, uint32_t k, Result* out) const {
  uint32_t levels = pixel_levels_;
  for (size_t i = 0; i + 1 < layers_.size(); ++i) {
    levels = step(layers_[i], images, levels, k, s);
    std::swap(s.cur, s.next);
  }
  accumulate(layers_.back(), images, levels, s);
  scores(layers_.back(), images, s, out);
}

Result FastModel::run(const uint8_t* pixels, uint32_t k) const {
  Scratch s;
  load_pixels(pixels, 1, s);
  Result result;
  forward(s, 1, k, &result);
  return result;
}

namespace {

void check_input(size_t index, const Shape& shape, uint32_t max_levels, const Activation& in) {
  if (in.shape != shape || in.codes.size() != shape.elements() || in.levels < 1 ||
      in.levels > max_levels)
    throw Error("layer " + std::to_string(index) + ": input activation " +
                std::to_string(in.shape.height) + "x" + std::to_string(in.shape.width) + "x" +
                std::to_string(in.shape.channels) + " with " + std::to_string(in.levels) +
                " levels does not fit the layer's " + std::to_string(shape.height) + "x" +
                std::to_string(shape.width) + "x" + std::to_string(shape.channels) + " input");
}

}  // namespace

Activation FastModel::run_layer(size_t index, const Activation& in, uint32_t k) const {
  const Packed& p = layer(index);
  if (index + 1 == layers_.size())
    throw Error("layer " + std::to_string(index) + " is the last layer: use run_last");
  check_input(index, p.in, p.kind == LayerKind::MaxPool ? kMaxLevels : p.scales.size(), in);
  Scratch s;
  translate(in.codes, in.levels, true, s.cur);
  Activation out{p.out, step(p, 1, in.levels, k, s), {}};
  translate(s.next, out.levels, false, out.codes);
  return out;
}

Result FastModel::run_last(const Activation& in) const {
  const Packed& p = layers_.back();
  check_input(layers_.size() - 1, p.in, p.scales.size(), in);
  Scratch s;
  translate(in.codes, in.levels, true, s.cur);
  accumulate(p, 1, in.levels, s);
  Result result;
  scores(p, 1, s, &result);
  return result;
}

std::vector<Result> FastModel::run_batch(const uint8_t* pixels, size_t images, uint32_t k,
                                         unsigned threads) const {
  std::vector<Result> results(images);
  const size_t tiles = (images + tile_images_ - 1) / tile_images_;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<size_t> next{0};
  auto work = [&] {
    Scratch s;
    for (size_t t; (t = next.fetch_add(1)) < tiles;) {
      const size_t first = t * tile_images_, count = std::min(tile_images_, images - first);
      load_pixels(pixels + first * input_.elements(), count, s);
      forward(s, count, k, &results[first]);
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (size_t h = 1; h < std::min<size_t>(threads, tiles); ++h) helpers.emplace_back(work);
    work();
  }
  return results;
}

}  // namespace rebnet
