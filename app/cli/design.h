// What the hardware commands start from: a model file, a folding file and the network
// plan of the two, and the run-time level count k checked once for every command.
#pragma once

#include <cstdint>
#include <string>

#include "cli/command.h"
#include "contract/model.h"
#include "plan/network_plan.h"

namespace rebnet::cli {

struct Design {
  Model model;
  NetworkPlan plan;
};

// --model FILE and --folding FILE (both required), as every command that loads a design
// spells them.
void add_design_options(po::options_description& options, std::string& model_path,
                        std::string& folding_path);

// Reads both files and plans the network; errors name the file.
Design load_design(const std::string& model_path, const std::string& folding_path);

// k for `--levels requested` (0: the model's largest, Model::max_run_levels()); throws
// rebnet::Error when the model has fewer levels (integer contract, section 7).
uint32_t run_levels(const Model& model, uint32_t requested);

}  // namespace rebnet::cli
