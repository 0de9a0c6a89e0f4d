#include "plan/folding.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "contract/error.h"

namespace rebnet {
namespace {

using nlohmann::json;

std::string entry(const std::string& source, size_t i) {
  return "folding " + source + ": layers[" + std::to_string(i) + "]";
}

uint32_t get_uint(const json& object, const char* key, const std::string& where,
                  uint32_t fallback, bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) throw Error(where + ": \"" + key + "\" is missing (expected an integer >= 1)");
    return fallback;
  }
  if (!it->is_number_integer() || it->get<int64_t>() < 0 ||
      it->get<int64_t>() > int64_t{UINT32_MAX})
    throw Error(where + ": \"" + key + "\" = " +
                (it->is_primitive() ? it->dump() : "a " + std::string(it->type_name())) +
                " is not an unsigned integer");
  return it->get<uint32_t>();
}

}  // namespace

NetworkFolding parse_folding(const std::string& text, const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error("folding " + source + ": empty file, expected a JSON object {\"layers\": [...]}");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // parse_error for bad syntax, out_of_range for a number too large for a double.
    throw Error("folding " + source + ": malformed JSON: " + e.what());
  }
  if (!doc.is_object())
    throw Error("folding " + source + ": is a JSON " + doc.type_name() +
                ", expected a JSON object {\"layers\": [...]}");
  for (const auto& [key, value] : doc.items())
    if (key != "layers" && key != "input_elems")
      throw Error("folding " + source + ": unknown field \"" + key +
                  "\" (expected \"layers\" and optionally \"input_elems\")");
  NetworkFolding folding;
  folding.input_elems = get_uint(doc, "input_elems", "folding " + source, 0, false);
  const auto layers = doc.find("layers");
  if (layers == doc.end() || !layers->is_array())
    throw Error("folding " + source + ": \"layers\" must be an array with one entry per layer");
  for (size_t i = 0; i < layers->size(); ++i) {
    const json& l = (*layers)[i];
    const std::string where = entry(source, i);
    if (!l.is_object()) throw Error(where + " is a " + std::string(l.type_name()) + ", expected an object");
    for (const auto& [key, value] : l.items())
      if (key != "pe" && key != "simd" && key != "fifo_depth")
        throw Error(where + ": unknown field \"" + key + "\" (expected pe, simd, fifo_depth)");
    LayerFolding f;
    f.pe = get_uint(l, "pe", where, 0, false);
    f.simd = get_uint(l, "simd", where, 0, false);
    f.fifo_depth = get_uint(l, "fifo_depth", where, kDefaultFifoDepth, false);
    folding.layers.push_back(f);
  }
  return folding;
}

NetworkFolding read_folding(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw Error("folding " + path + ": is a directory, expected a JSON file");
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("folding " + path + ": cannot open: " +
                (errno ? std::strerror(errno) : "unknown reason"));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_folding(text.str(), path);
}

nlohmann::json folding_json(const NetworkFolding& folding) {
  json layers = json::array();
  for (const LayerFolding& f : folding.layers) {
    if (f.pe == 0)
      layers.push_back(json::object());
    else
      layers.push_back({{"pe", f.pe}, {"simd", f.simd}, {"fifo_depth", f.fifo_depth}});
  }
  return {{"input_elems", folding.input_elems}, {"layers", layers}};
}

uint32_t first_vector_elems(const Model& model) {
  const Layer& first = model.layers.at(0);
  return first.kind == LayerKind::Dense ? first.fan_in : first.in.channels;
}

void check_folding(NetworkFolding& folding, const Model& model, const std::string& source) {
  if (folding.layers.size() != model.layers.size())
    throw Error("folding " + source + ": " + std::to_string(folding.layers.size()) +
                " layer entries but the model has " + std::to_string(model.layers.size()) +
                " layers");
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    LayerFolding& f = folding.layers[i];
    const std::string where = entry(source, i) + " (" + to_string(layer.kind) + ")";
    if (!layer.computes()) {
      if (f.pe != 0 || f.simd != 0)
        throw Error(where + ": a max-pool layer takes no pe or simd (is the entry misplaced?)");
      continue;
    }
    if (f.pe == 0 || f.simd == 0)
      throw Error(where + ": needs \"pe\" and \"simd\", integers >= 1");
    if (layer.neurons % f.pe != 0)
      throw Error(where + ": pe = " + std::to_string(f.pe) + " must divide the " +
                  std::to_string(layer.neurons) + " neurons");
    if (layer.kind == LayerKind::Conv && layer.in.channels % f.simd != 0)
      throw Error(where + ": simd = " + std::to_string(f.simd) + " must divide the " +
                  std::to_string(layer.in.channels) + " input channels of a conv layer");
    if (f.simd > layer.fan_in)
      throw Error(where + ": simd = " + std::to_string(f.simd) + " exceeds the fan-in " +
                  std::to_string(layer.fan_in));
    if (f.fifo_depth < 2 || f.fifo_depth > kMaxFifoDepth)
      throw Error(where + ": fifo_depth = " + std::to_string(f.fifo_depth) + " is outside [2, " +
                  std::to_string(kMaxFifoDepth) + "]");
  }
  const uint32_t vector = first_vector_elems(model);
  if (folding.input_elems == 0) {
    for (uint32_t e : {8u, 4u, 2u, 1u})
      if (vector % e == 0) {
        folding.input_elems = e;
        break;
      }
  } else if (vector % folding.input_elems != 0 || folding.input_elems > 64) {
    throw Error("folding " + source + ": input_elems = " + std::to_string(folding.input_elems) +
                " must be at most 64 and divide the first layer's input vector of " +
                std::to_string(vector) + " elements");
  }
}

}  // namespace rebnet
