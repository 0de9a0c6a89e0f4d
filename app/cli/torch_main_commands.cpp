// rebnet-torch's command table: the commands that link LibTorch (cli/torch_commands.h).
#include "cli/command.h"
#include "cli/torch_commands.h"

namespace rebnet::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"train", kTrainSummary, run_train},
      {"bench", kBenchSummary, run_bench},
  };
  return table;
}

}  // namespace rebnet::cli
