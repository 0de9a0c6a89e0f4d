#include "cli/inputs.h"

#include <random>

#include "cli/command.h"
#include "contract/error.h"

namespace rebnet::cli {

void check_data_shape(const Model& model, const Dataset& data, const std::string& dir) {
  if (model.input.channels != 1 || model.input.height != data.rows ||
      model.input.width != data.cols)
    throw Error("model input is " + std::to_string(model.input.height) + "x" +
                std::to_string(model.input.width) + "x" + std::to_string(model.input.channels) +
                " but the images in " + dir + " are " + std::to_string(data.rows) + "x" +
                std::to_string(data.cols) + "x1");
  check_labels(data, model.classes());
}

Inputs load_inputs(const Model& model, const std::string& data_dir, uint64_t random_inputs,
                   uint64_t images, uint64_t seed) {
  Inputs in;
  if (random_inputs > 0) {
    const uint64_t frame = model.input.elements();
    if (random_inputs > kIdxMaxImageBytes / frame)
      throw UsageError("--random-inputs = " + std::to_string(random_inputs) +
                       ": expected at most " + std::to_string(kIdxMaxImageBytes / frame) +
                       " frames (" + std::to_string(frame) + " pixels each, " +
                       std::to_string(kIdxMaxImageBytes) + " pixel bytes at most)");
    std::mt19937_64 rng(seed);
    in.pixels.resize(random_inputs * frame);
    for (uint8_t& p : in.pixels) p = static_cast<uint8_t>(rng());
    in.count = random_inputs;
    in.source = "random (seed " + std::to_string(seed) + ")";
    return in;
  }
  Dataset data = load_split(data_dir, Split::Test, images);
  check_data_shape(model, data, data_dir);
  in.count = data.count();
  in.pixels = std::move(data.images);
  in.labels = std::move(data.labels);
  in.source = data_dir;
  return in;
}

}  // namespace rebnet::cli
