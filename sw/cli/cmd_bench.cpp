#include <iostream>

#include "cli/command.h"
#include "golden_bench.h"

namespace rebnet::cli {

int run_bench(const std::vector<std::string>& args) {
  std::string which, json_path;
  BenchOptions bench;
  po::options_description options("options");
  options.add_options()
      ("which", po::value(&which)->required(), "benchmark to run: golden")
      ("levels", po::value(&bench.levels)->default_value(bench.levels), "hidden activation levels M of the SFC model")
      ("seconds", po::value(&bench.min_seconds)->default_value(bench.min_seconds), "minimum measuring time per contender")
      ("threads", po::value(&bench.threads)->default_value(0), "threads for every contender (0: all cores)")
      ("seed", po::value(&bench.seed)->default_value(bench.seed), "seed of the random SFC model")
      ("json", po::value(&json_path), "also write the result as JSON to this file");
  po::positional_options_description positional;
  positional.add("which", 1);
  po::variables_map vm;
  if (!parse(args, "rebnet bench golden [--levels M] [--json FILE]",
             "golden: images per second of the fast golden model, of the plain reference and\n"
             "of LibTorch float inference of the same SFC network (784-256-256-256-10), all\n"
             "measured in this run with the same threads. JSON fields: images_per_s_fast,\n"
             "images_per_s_reference, images_per_s_libtorch, speedup_vs_libtorch,\n"
             "binary_macs_per_s.",
             options, vm, &positional))
    return 0;
  if (which != "golden") throw UsageError("unknown benchmark '" + which + "' (known: golden)");
  bench.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  const nlohmann::json result = bench_golden(bench);
  std::cout << result.dump(2) << "\n";
  if (!json_path.empty()) write_json(result, json_path);
  return 0;
}

}  // namespace rebnet::cli
