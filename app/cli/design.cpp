#include "cli/design.h"

#include "contract/error.h"
#include "contract/model_file.h"
#include "plan/folding.h"

namespace rebnet::cli {

void add_design_options(po::options_description& options, std::string& model_path,
                        std::string& folding_path) {
  options.add_options()
      ("model", po::value(&model_path)->required(), "model file")
      ("folding", po::value(&folding_path)->required(),
       "folding file (JSON): {\"layers\": [{\"pe\": P, \"simd\": S, \"fifo_depth\": D}, ...]}");
}

Design load_design(const std::string& model_path, const std::string& folding_path) {
  Design d{read_model(model_path), {}};
  d.plan = plan_network(d.model, read_folding(folding_path), folding_path);
  return d;
}

uint32_t run_levels(const Model& model, uint32_t requested) {
  const uint32_t max_levels = model.max_run_levels();
  if (requested > max_levels)
    throw Error("--levels = " + std::to_string(requested) + " exceeds the model's " +
                std::to_string(max_levels) + " levels");
  return requested ? requested : max_levels;
}

}  // namespace rebnet::cli
