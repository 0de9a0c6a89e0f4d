#include "cli/mem_style_options.h"

#include "contract/error.h"

namespace rebnet::cli {
namespace {

rtlgen::MemChoice parse_option(const std::string& option, const std::string& value) {
  try {
    return rtlgen::parse_mem_choice(value);
  } catch (const Error& e) {
    throw UsageError(option + ": " + e.what());
  }
}

}  // namespace

void MemStyleOptions::add_to(po::options_description& options) {
  options.add_options()
      ("weight-mem", po::value(&weight)->default_value(weight),
       "weight memories (WeightMemStyle): size (block RAM or LUTs by size, "
       "docs/synthesis.md), block, distributed (LUTs) or auto (the tool's own choice)")
      ("threshold-mem", po::value(&threshold)->default_value(threshold),
       "hidden layers' threshold tables, one memory per encoder lane (ThresholdMemStyle): "
       "the same choices and size rule as --weight-mem");
}

rtlgen::MemChoice MemStyleOptions::weight_choice() const {
  return parse_option("--weight-mem", weight);
}

rtlgen::MemChoice MemStyleOptions::threshold_choice() const {
  return parse_option("--threshold-mem", threshold);
}

}  // namespace rebnet::cli
