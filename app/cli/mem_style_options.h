// --weight-mem and --threshold-mem of `rebnet export-rtl` and `rebnet synth`: what
// synthesis builds the MVTUs' read-only memories from (docs/synthesis.md), one
// definition so both commands accept and explain the same choices.
#pragma once

#include <string>

#include "cli/command.h"
#include "rtlgen/mem_images.h"

namespace rebnet::cli {

struct MemStyleOptions {
  std::string weight = "size";
  std::string threshold = "size";

  // Adds both options, with their help, to `options`.
  void add_to(po::options_description& options);
  // The parsed choices; a UsageError names the option and the accepted styles.
  rtlgen::MemChoice weight_choice() const;
  rtlgen::MemChoice threshold_choice() const;
};

}  // namespace rebnet::cli
