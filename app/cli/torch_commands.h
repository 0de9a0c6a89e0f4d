// The commands that link LibTorch (train, bench). LibTorch takes about a second to load,
// so they live in a second executable, rebnet-torch, beside rebnet: `rebnet train ...`
// runs `rebnet-torch train ...` and every other command starts at once.
#pragma once

#include <string>
#include <vector>

namespace rebnet::cli {

inline constexpr const char* kTrainSummary =
    "train a residual binarized network (LibTorch) and export it";
inline constexpr const char* kBenchSummary =
    "benchmarks (golden: golden model vs LibTorch; sim: SystemC cycle and fast modes vs the "
    "Verilated RTL; train: C++ trainer vs Python PyTorch)";

int run_train(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);

// Replaces this process with `rebnet-torch <command> <args>` from this executable's
// directory; returns only by throwing rebnet::Error when that cannot be started.
[[noreturn]] void exec_torch_command(const std::string& command,
                                     const std::vector<std::string>& args);

}  // namespace rebnet::cli
