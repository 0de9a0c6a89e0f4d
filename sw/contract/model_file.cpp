#include "contract/model_file.h"

#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "contract/error.h"

namespace rebnet {
namespace {

constexpr size_t kHeaderBytes = sizeof(kModelMagic) + 3 * sizeof(uint32_t);
constexpr uint32_t kMaxDescriptionBytes = 4096;

uint32_t crc_of(std::span<const uint8_t> bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; feed in chunks so any size is safe.
  for (size_t done = 0; done < bytes.size();) {
    const uInt chunk = static_cast<uInt>(std::min<size_t>(bytes.size() - done, 1u << 30));
    crc = crc32(crc, bytes.data() + done, chunk);
    done += chunk;
  }
  return static_cast<uint32_t>(crc);
}

class Writer {
 public:
  template <typename T>
  void put(T value) {  // little-endian on the x86-64 hosts this targets
    const auto* p = reinterpret_cast<const uint8_t*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  void put_bytes(const void* data, size_t size) {
    const auto* p = static_cast<const uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + size);
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// Bounds-checked cursor: every read names the field it is for.
class Reader {
 public:
  Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  void need(uint64_t size, const std::string& field) const {
    if (size > bytes_.size() - pos_)
      throw Error("truncated at " + field + " (needs " + std::to_string(size) + " bytes, " +
                  std::to_string(bytes_.size() - pos_) + " left)");
  }
  template <typename T>
  T get(const std::string& field) {
    need(sizeof(T), field);
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::span<const uint8_t> get_bytes(uint64_t size, const std::string& field) {
    need(size, field);
    const auto span = bytes_.subspan(pos_, size);
    pos_ += size;
    return span;
  }
  size_t left() const { return bytes_.size() - pos_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

std::string layer_field(size_t i, const char* name) {
  return "layer " + std::to_string(i) + " " + name;
}

uint32_t bytes_per_row(uint32_t fan_in) { return (fan_in + 7) / 8; }

void write_parameters(Writer& w, const Layer& layer) {
  w.put<uint32_t>(layer.levels_in);
  for (uint32_t g : layer.scales) w.put<uint8_t>(static_cast<uint8_t>(g));
  for (uint32_t j = 0; j < layer.neurons; ++j)
    w.put_bytes(layer.weights.row(j), bytes_per_row(layer.fan_in));
  if (layer.last()) {
    for (int32_t a : layer.score_scale) w.put<int32_t>(a);
    for (int64_t c : layer.score_bias) w.put<int64_t>(c);
  } else {
    for (int32_t t : layer.thresholds) w.put<int32_t>(t);
  }
}

void read_topology(Reader& r, Model& m) {
  m.input.height = r.get<uint32_t>("input height");
  m.input.width = r.get<uint32_t>("input width");
  m.input.channels = r.get<uint32_t>("input channels");
  m.pixel_levels = r.get<uint32_t>("pixel_levels");
  const uint32_t description_bytes = r.get<uint32_t>("description length");
  if (description_bytes > kMaxDescriptionBytes)
    throw Error("description length = " + std::to_string(description_bytes) + " exceeds " +
                std::to_string(kMaxDescriptionBytes));
  const auto text = r.get_bytes(description_bytes, "description");
  m.description.assign(text.begin(), text.end());
  const uint32_t count = r.get<uint32_t>("layer count");
  if (count < 1 || count > kMaxLayers)
    throw Error("layer count = " + std::to_string(count) + " is outside [1, " +
                std::to_string(kMaxLayers) + "]");
  m.layers.resize(count);
  for (size_t i = 0; i < count; ++i) {
    Layer& layer = m.layers[i];
    layer.kind = static_cast<LayerKind>(r.get<uint32_t>(layer_field(i, "kind")));
    layer.neurons = r.get<uint32_t>(layer_field(i, "neurons"));
    layer.kernel = r.get<uint32_t>(layer_field(i, "kernel"));
    layer.levels_out = r.get<uint32_t>(layer_field(i, "levels_out"));
    // Fields docs/model-file.md fixes at 0; derive_shapes() ignores them, so
    // without these checks a file with junk there would load.
    if (layer.kind == LayerKind::Dense && layer.kernel != 0)
      throw Error(layer_field(i, "kernel") + " = " + std::to_string(layer.kernel) +
                  ", expected 0 for a dense layer");
    if (layer.kind == LayerKind::MaxPool && layer.neurons != 0)
      throw Error(layer_field(i, "neurons") + " = " + std::to_string(layer.neurons) +
                  ", expected 0 for a maxpool layer");
    if (layer.kind == LayerKind::MaxPool && layer.levels_out != 0)
      throw Error(layer_field(i, "levels_out") + " = " + std::to_string(layer.levels_out) +
                  ", expected 0 for a maxpool layer (a pool keeps its input's levels)");
  }
}

// Shapes are already derived and bounded by the limits in model.h, so every
// size below is small enough to check against the bytes left before allocating.
void read_parameters(Reader& r, Layer& layer, size_t i) {
  const uint32_t levels_in = r.get<uint32_t>(layer_field(i, "levels_in"));
  if (levels_in != layer.levels_in)
    throw Error(layer_field(i, "levels_in") + " = " + std::to_string(levels_in) +
                " but the layer before it produces " + std::to_string(layer.levels_in));
  for (uint8_t g : r.get_bytes(levels_in, layer_field(i, "scales"))) layer.scales.push_back(g);

  const uint32_t row_bytes = bytes_per_row(layer.fan_in);
  r.need(uint64_t{row_bytes} * layer.neurons, layer_field(i, "weights"));
  layer.weights = BitMatrix(layer.neurons, layer.fan_in);
  const uint32_t pad_bits = row_bytes * 8 - layer.fan_in;
  for (uint32_t j = 0; j < layer.neurons; ++j) {
    const auto row = r.get_bytes(row_bytes, layer_field(i, "weights"));
    if (pad_bits != 0 && (row.back() >> (8 - pad_bits)) != 0)
      throw Error(layer_field(i, "weights") + " row " + std::to_string(j) +
                  ": padding bits are not zero");
    std::memcpy(layer.weights.row(j), row.data(), row_bytes);
  }
  if (layer.last()) {
    r.need(uint64_t{layer.neurons} * 12, layer_field(i, "scores"));
    for (uint32_t j = 0; j < layer.neurons; ++j)
      layer.score_scale.push_back(r.get<int32_t>(layer_field(i, "score_scale")));
    for (uint32_t j = 0; j < layer.neurons; ++j)
      layer.score_bias.push_back(r.get<int64_t>(layer_field(i, "score_bias")));
  } else {
    const uint64_t count = uint64_t{layer.neurons} * layer.thresholds_per_neuron();
    r.need(count * 4, layer_field(i, "thresholds"));
    layer.thresholds.resize(count);
    for (auto& t : layer.thresholds) t = r.get<int32_t>(layer_field(i, "thresholds"));
  }
}

}  // namespace

std::vector<uint8_t> serialize_model(const Model& model) {
  Writer payload;
  payload.put<uint32_t>(model.input.height);
  payload.put<uint32_t>(model.input.width);
  payload.put<uint32_t>(model.input.channels);
  payload.put<uint32_t>(model.pixel_levels);
  payload.put<uint32_t>(static_cast<uint32_t>(model.description.size()));
  payload.put_bytes(model.description.data(), model.description.size());
  payload.put<uint32_t>(static_cast<uint32_t>(model.layers.size()));
  for (const Layer& layer : model.layers) {
    payload.put<uint32_t>(static_cast<uint32_t>(layer.kind));
    payload.put<uint32_t>(layer.neurons);
    payload.put<uint32_t>(layer.kernel);
    payload.put<uint32_t>(layer.computes() ? layer.levels_out : 0);
  }
  for (const Layer& layer : model.layers)
    if (layer.computes()) write_parameters(payload, layer);

  Writer file;
  file.put_bytes(kModelMagic, sizeof(kModelMagic));
  file.put<uint32_t>(kModelVersion);
  file.put<uint32_t>(static_cast<uint32_t>(payload.bytes().size()));
  file.put<uint32_t>(crc_of(payload.bytes()));
  file.put_bytes(payload.bytes().data(), payload.bytes().size());
  return std::move(file.bytes());
}

Model parse_model(std::span<const uint8_t> bytes, const std::string& source) {
  try {
    if (bytes.size() < kHeaderBytes)
      throw Error("file is " + std::to_string(bytes.size()) + " bytes, shorter than the " +
                  std::to_string(kHeaderBytes) + "-byte header");
    Reader header(bytes.first(kHeaderBytes));
    const auto magic = header.get_bytes(sizeof(kModelMagic), "magic");
    if (std::memcmp(magic.data(), kModelMagic, sizeof(kModelMagic)) != 0)
      throw Error("magic is not \"REBNETM\" (not a ReBNet model file)");
    const uint32_t version = header.get<uint32_t>("version");
    if (version != kModelVersion)
      throw Error("version = " + std::to_string(version) + ", this reader reads version " +
                  std::to_string(kModelVersion));
    const uint32_t payload_bytes = header.get<uint32_t>("payload size");
    if (payload_bytes != bytes.size() - kHeaderBytes)
      throw Error("payload size = " + std::to_string(payload_bytes) + " but the file holds " +
                  std::to_string(bytes.size() - kHeaderBytes) + " payload bytes");
    const uint32_t stored_crc = header.get<uint32_t>("checksum");
    const auto payload = bytes.subspan(kHeaderBytes);
    const uint32_t crc = crc_of(payload);
    if (crc != stored_crc) {
      char text[96];
      std::snprintf(text, sizeof(text), "checksum = 0x%08x but the payload's CRC-32 is 0x%08x",
                    stored_crc, crc);
      throw Error(text);
    }

    Model model;
    Reader r(payload);
    read_topology(r, model);
    model.derive_shapes();
    for (size_t i = 0; i < model.layers.size(); ++i)
      if (model.layers[i].computes()) read_parameters(r, model.layers[i], i);
    if (r.left() != 0)
      throw Error(std::to_string(r.left()) + " unexpected bytes after the last layer");
    model.finalize();
    return model;
  } catch (const Error& e) {
    throw Error("model " + source + ": " + e.what());
  }
}

void write_model(const Model& model, const std::string& path) {
  const std::vector<uint8_t> bytes = serialize_model(model);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error("cannot write model file " + path + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw Error("cannot write model file " + path + ": " + ec.message());
}

Model read_model(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error("model " + path + ": is a directory, expected a model file");
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error("model " + path + ": no such file");
  const uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) throw Error("model " + path + ": " + ec.message());
  if (size > kMaxModelFileBytes)
    throw Error("model " + path + ": file is " + std::to_string(size) + " bytes, over the " +
                std::to_string(kMaxModelFileBytes) + "-byte limit");
  std::vector<uint8_t> bytes(size);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (!in) throw Error("model " + path + ": cannot read: " + std::strerror(errno));
  return parse_model(bytes, path);
}

}  // namespace rebnet
