// Build-time generator of the network RTL tests (tests/rtl/test_rtl_network.cpp):
//   rtl_netgen <case> <out-dir>
// writes <out-dir>/model.rbn (a random model, fixed seed), <out-dir>/folding.json,
// <out-dir>/plan.json (what the test needs of the plan, so it links no SystemC) and
// the generated RTL (rebnet export-rtl's files) into <out-dir>/rtl. Cases:
//   dense     input 20 (1x20x1, 4 pixel levels), dense 12 (2 levels), dense 6 (last);
//             folding pe/simd 4/8 (fifo 3), 3/5: converters on both layers, padding
//   convpool  input 7x7x2, conv 4 channels 3x3 (2 levels), max pool (odd 5x5 input),
//             dense 6 (2 levels), dense 3 (last); folding 2/2, {}, 3/8, 1/6
#include <cstdio>
#include <exception>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "plan/network_plan.h"
#include "rtlgen/network_export.h"

namespace {

using namespace rebnet;

struct Case {
  Model model;
  std::string folding;
};

Case make_case(const std::string& name) {
  Case c;
  if (name == "dense") {
    c.model = randomize(skeleton("20-12-6", 2, 4), 4401);
    c.folding = R"({"layers": [{"pe": 4, "simd": 8, "fifo_depth": 3}, {"pe": 3, "simd": 5}]})";
  } else if (name == "convpool") {
    Model m;
    m.input = {7, 7, 2};
    m.pixel_levels = 8;
    m.layers = {conv_layer(4, 3, 2), pool_layer(), dense_layer(6, 2), dense_layer(3, 0)};
    m.description = "rtl_netgen convpool";
    c.model = randomize(m, 4402);
    c.folding = R"({"layers": [{"pe": 2, "simd": 2}, {}, {"pe": 3, "simd": 8}, {"pe": 1, "simd": 6}]})";
  } else {
    throw Error("unknown case '" + name + "' (dense, convpool)");
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rtl_netgen <dense|convpool> <out-dir>\n");
    return 2;
  }
  try {
    const std::string dir = argv[2];
    const Case c = make_case(argv[1]);
    std::filesystem::create_directories(dir);
    const std::string model_path = dir + "/model.rbn", folding_path = dir + "/folding.json";
    write_model(c.model, model_path);
    std::ofstream(folding_path) << c.folding << "\n";
    const NetworkPlan plan =
        plan_network(c.model, read_folding(folding_path), folding_path);
    rtlgen::ExportOptions options;
    options.model_name = model_path;
    options.folding_name = folding_path;
    rtlgen::export_rtl(plan, options, dir + "/rtl");
    const nlohmann::json summary = {{"input_elems", plan.input_elems},
                                    {"classes", plan.classes},
                                    {"max_levels", plan.max_levels},
                                    {"frame_in_words", plan.frame_in_words},
                                    {"in_bits", plan.in_bits()},
                                    {"out_bits", plan.out_bits()}};
    std::ofstream(dir + "/plan.json") << summary.dump(2) << "\n";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rtl_netgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
