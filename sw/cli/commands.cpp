// The subcommand table; each command lives in its own cmd_*.cpp.
#include "cli/command.h"

namespace rebnet::cli {

int run_random_model(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);
#ifdef REBNET_WITH_TORCH
int run_train(const std::vector<std::string>& args);
#endif

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
#ifdef REBNET_WITH_TORCH
      {"train", "train a residual binarized network (LibTorch) and export it", run_train},
#endif
      {"random-model", "write a model with random weights, scales and thresholds", run_random_model},
      {"eval", "accuracy of a model's integer contract on a data set (golden model)", run_eval},
      {"bench", "benchmarks (golden: golden model vs reference vs LibTorch)", run_bench},
  };
  return table;
}

}  // namespace rebnet::cli
