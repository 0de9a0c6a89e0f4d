// The subcommand table; each command lives in its own cmd_*.cpp.
#include "cli/command.h"
#include "cli/torch_commands.h"

namespace rebnet::cli {

int run_random_model(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_export_rtl(const std::vector<std::string>& args);
int run_synth(const std::vector<std::string>& args);
#ifdef REBNET_WITH_HARDWARE
int run_simulate(const std::vector<std::string>& args);
int run_cosim(const std::vector<std::string>& args);
int run_explore(const std::vector<std::string>& args);
#endif
#ifdef REBNET_WITH_TORCH
namespace {
int train_in_torch(const std::vector<std::string>& args) { exec_torch_command("train", args); }
int bench_in_torch(const std::vector<std::string>& args) { exec_torch_command("bench", args); }
}  // namespace
#endif

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
#ifdef REBNET_WITH_HARDWARE
      {"explore", "the main job: accuracy against throughput and area for each level count", run_explore},
#endif
#ifdef REBNET_WITH_TORCH
      {"train", kTrainSummary, train_in_torch},
#endif
      {"random-model", "write a model with random weights, scales and thresholds", run_random_model},
      {"eval", "accuracy of a model's integer contract on a data set (golden model)", run_eval},
#ifdef REBNET_WITH_HARDWARE
      {"simulate", "run the SystemC model of the accelerator (cycle-accurate or fast)", run_simulate},
#endif
      {"export-rtl", "write the SystemVerilog network top, memory images and synthesis scripts", run_export_rtl},
      {"synth", "synthesize the generated RTL with yosys and report resources per layer", run_synth},
#ifdef REBNET_WITH_HARDWARE
      {"cosim", "lockstep co-simulation of the SystemC model and the Verilated RTL", run_cosim},
#endif
#ifdef REBNET_WITH_TORCH
      {"bench", kBenchSummary, bench_in_torch},
#else
      {"bench", kBenchSummary, run_bench},
#endif
  };
  return table;
}

}  // namespace rebnet::cli
