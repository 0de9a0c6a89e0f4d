#include <iostream>

#include "cli/command.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"

namespace rebnet::cli {

int run_random_model(const std::vector<std::string>& args) {
  std::string topology, out;
  uint32_t levels = 1, pixel_levels = 8;
  uint64_t seed = 1;
  po::options_description options("options");
  const std::string topology_text = topology_help();
  options.add_options()
      ("topology", po::value(&topology)->required(), topology_text.c_str())
      ("levels", po::value(&levels)->default_value(1), "residual levels of every hidden activation (1-8)")
      ("pixel-levels", po::value(&pixel_levels)->default_value(8), "levels of the pixel code (1-8)")
      ("seed", po::value(&seed)->default_value(1), "random seed (same seed, same model)")
      ("out", po::value(&out)->required(), "model file to write");
  po::variables_map vm;
  if (!parse(args, "rebnet random-model --topology T --levels M [--seed S] --out FILE",
             "Writes a model of the given topology with random weights, scales and\n"
             "thresholds spread so that every level toggles: for tests and benchmarks.",
             options, vm))
    return 0;
  check_writable(out, "--out");
  const Model model = randomize(skeleton(topology, levels, pixel_levels), seed);
  write_model(model, out);
  std::cout << "wrote " << out << ": " << model.description << " seed=" << seed << ", "
            << model.layers.size() << " layers\n";
  return 0;
}

}  // namespace rebnet::cli
